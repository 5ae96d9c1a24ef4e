using GitEntraHelper.EndToEndTests.Infrastructure;

namespace GitEntraHelper.EndToEndTests.SignIn;

/// <summary>
/// Signed in with an account that has no access (EMULATOR_USER2 has none to contoso: TF400813): Azure
/// DevOps refuses its token, the helper asks the organization (connectionData) whether it refuses the
/// account or the token, and says in the same git command which account was refused for which
/// organization; the next interactive run shows Entra's account picker (prompt=select_account) and binds
/// the account chosen there. Both gits: 2.39 learns it at erase, ≥ 2.46 at its retry get.
/// </summary>
[Collection(SignInCollection.Name)]
[SupportedOSPlatform("linux")]
public sealed class WrongAccountTests(SignInEmulatorFixture emulator)
{
    [OsTheory(TestOs.Linux, "Debian's headless Chromium as the system browser")]
    [InlineData(GitKind.System)]
    [InlineData(GitKind.New)]
    public async Task A_refused_account_is_named_and_the_next_sign_in_shows_the_picker_and_binds_the_choice(GitKind git)
    {
        using var world = new SignInWorld(emulator, git);
        string browser = HeadlessBrowser.Install(world.Sandbox, emulator.CaFile);
        world.Sandbox.SetConfig("credential.msauthFlow", "system");
        world.Sandbox.Environment["DISPLAY"] = null;
        string wrong = emulator["EMULATOR_USER2"];
        string refusal = $"git-credential-entra: Azure DevOps refused {wrong} for 'contoso' (TF400813: not a member): run the git command again to choose another account";

        await emulator.AdminAsync("/auto-approve?user=" + Uri.EscapeDataString(wrong));
        try
        {
            var refused = world.Clone();
            Assert.NotEqual(0, refused.ExitCode);
            Assert.Contains("TF400813", refused.StdErr, StringComparison.Ordinal);
            Assert.Contains(refusal, refused.StdErr.Split('\n'));
            Assert.Contains("hint: or name it first: git credential-entra account bind contoso USER", refused.StdErr, StringComparison.Ordinal);
            Assert.DoesNotContain("Username for", refused.StdErr, StringComparison.Ordinal);
        }
        finally
        {
            await emulator.AdminAsync("/auto-approve?user=" + Uri.EscapeDataString(emulator.User));
        }

        long pickers = await emulator.StatAsync("accountPickers");
        long signIns = await emulator.StatAsync("signIns");

        world.Clone().EnsureSuccess();

        Assert.Equal(pickers + 1, await emulator.StatAsync("accountPickers"));
        Assert.Equal(signIns + 1, await emulator.StatAsync("signIns"));
        string url = File.ReadAllLines(Path.Combine(browser, "urls.log")).Last();
        Assert.Contains("prompt=select_account", url, StringComparison.Ordinal);
        Assert.DoesNotContain("login_hint=", url, StringComparison.Ordinal);
        var list = world.Sandbox.Git("credential-entra", "account", "list").EnsureSuccess();
        Assert.Contains($"contoso: {emulator.User} (tenant {emulator.TenantId})", list.StdOutLines);
        world.CommitAndPush("contoso", SignInWorld.Branch("picked")).EnsureSuccess();
        Assert.Equal(signIns + 1, await emulator.StatAsync("signIns"));
    }
}
