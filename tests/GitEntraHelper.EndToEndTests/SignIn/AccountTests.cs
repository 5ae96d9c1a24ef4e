using GitEntraHelper.EndToEndTests.Infrastructure;

namespace GitEntraHelper.EndToEndTests.SignIn;

/// <summary>Accounts bound per organization: two organizations, two users, one cache; the wrong tenant.</summary>
[Collection(SignInCollection.Name)]
public sealed class AccountTests(SignInEmulatorFixture emulator)
{
    private string User2 => emulator["EMULATOR_USER2"];

    [OsFact(TestOs.All)]
    public async Task Two_organizations_use_two_accounts_from_one_cache()
    {
        using var world = new SignInWorld(emulator, GitKind.New);
        long signIns = await emulator.StatAsync("signIns");
        world.Clone("contoso").EnsureSuccess();

        world.Sandbox.Git("credential-entra", "account", "bind", "fabrikam", User2).EnsureSuccess();
        await emulator.AdminAsync("/auto-approve?user=" + Uri.EscapeDataString(User2));
        try
        {
            world.Clone("fabrikam").EnsureSuccess();
        }
        finally
        {
            await emulator.AdminAsync("/auto-approve?user=" + Uri.EscapeDataString(emulator.User));
        }

        world.InRepo("contoso", "fetch").EnsureSuccess();
        world.InRepo("fabrikam", "fetch").EnsureSuccess();
        world.CommitAndPush("fabrikam", SignInWorld.Branch("bob")).EnsureSuccess();
        Assert.Equal(signIns + 2, await emulator.StatAsync("signIns"));

        var list = world.Sandbox.Git("credential-entra", "account", "list").EnsureSuccess();
        Assert.Contains($"contoso: {emulator.User} (tenant {emulator.TenantId})", list.StdOutLines);
        Assert.Contains(list.StdOutLines, l => l.StartsWith($"fabrikam: {User2}", StringComparison.Ordinal));
        Assert.Contains($"signed in: {emulator.User}, {User2}", list.StdOutLines);
    }

    [OsFact(TestOs.All)]
    public async Task Credential_username_pins_the_account_of_an_organization()
    {
        using var world = new SignInWorld(emulator);
        world.Sandbox.SetConfig($"credential.{emulator.DevOpsUrl}/fabrikam.username", User2);

        var wrongUser = world.Clone("fabrikam");

        Assert.NotEqual(0, wrongUser.ExitCode);
        Assert.Equal(
            $"git-credential-entra: signed in as {emulator.User}, but credential.username for 'fabrikam' asks for {User2} sign in as {User2} or change that setting",
            Assert.Single(SignInWorld.HelperLines(wrongUser)));
        Assert.Contains($"hint: sign in as {User2} or change that setting", wrongUser.StdErr, StringComparison.Ordinal);

        await emulator.AdminAsync("/auto-approve?user=" + Uri.EscapeDataString(User2));
        try
        {
            world.Clone("fabrikam").EnsureSuccess();
        }
        finally
        {
            await emulator.AdminAsync("/auto-approve?user=" + Uri.EscapeDataString(emulator.User));
        }

        Assert.Contains($"'fabrikam' is now bound to {User2}", world.Trace, StringComparison.Ordinal);
    }

    [OsFact(TestOs.All)]
    public async Task A_second_organization_refusing_the_reused_account_asks_for_another_within_the_same_clone()
    {
        using var world = new SignInWorld(emulator, GitKind.New);
        world.Clone("contoso").EnsureSuccess();
        long signIns = await emulator.StatAsync("signIns");
        await emulator.AdminAsync("/auto-approve?user=" + Uri.EscapeDataString(User2));
        try
        {
            var clone = world.Clone("fabrikam");

            Assert.True(clone.ExitCode == 0, clone.ToString());
        }
        finally
        {
            await emulator.AdminAsync("/auto-approve?user=" + Uri.EscapeDataString(emulator.User));
        }

        Assert.Contains($"'fabrikam' refused {emulator.User}", world.Trace, StringComparison.Ordinal);
        Assert.Equal(signIns + 1, await emulator.StatAsync("signIns"));
        var list = world.Sandbox.Git("credential-entra", "account", "list").EnsureSuccess();
        Assert.Contains(list.StdOutLines, l => l.StartsWith($"fabrikam: {User2}", StringComparison.Ordinal));
    }

    [OsFact(TestOs.All)]
    public async Task Account_of_another_tenant_fails_with_one_line_naming_the_tenant()
    {
        using var world = new SignInWorld(emulator);
        string other = emulator["EMULATOR_OTHER_TENANT_USER"];
        await emulator.AdminAsync("/auto-approve?user=" + Uri.EscapeDataString(other));
        ProcessResult clone;
        try
        {
            clone = world.Clone();
        }
        finally
        {
            await emulator.AdminAsync("/auto-approve?user=" + Uri.EscapeDataString(emulator.User));
        }

        Assert.NotEqual(0, clone.ExitCode);
        string line = Assert.Single(SignInWorld.HelperLines(clone));
        Assert.Contains("'contoso'", line, StringComparison.Ordinal);
        Assert.Contains($"(tenant {emulator.TenantId})", line, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(world.Sandbox.StateHome, "git-credential-entra", "accounts.json")));
    }
}
