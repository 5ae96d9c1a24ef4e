using GitEntraHelper.EndToEndTests.Infrastructure;
using GitEntraHelper.EndToEndTests.SignIn;

namespace GitEntraHelper.EndToEndTests.Emulator;

/// <summary>
/// The published helper against the emulator's recorded behaviours that need a signed-in user: the
/// Microsoft-account organization (one device-code sign-in, then silent refresh through the MSA
/// transfer tenant) and Conditional Access blocking the device code flow.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class HelperSignInTests(EmulatorFixture emulator)
{
    [OsFact(TestOs.All)]
    public async Task A_microsoft_account_organization_needs_one_sign_in_and_then_refreshes_silently()
    {
        await emulator.AdminAsync(EmulatorSignIn.DefaultApproval);
        using var world = new SignInWorld(emulator, GitKind.New);
        long signIns = await emulator.StatAsync("signIns");

        world.Clone(emulator.MsaOrganization).EnsureSuccess();

        Assert.Equal(signIns + 1, await emulator.StatAsync("signIns"));
        Assert.Contains("tenant organizations (Probe)", world.Trace, StringComparison.Ordinal);
        long refreshes = await emulator.StatAsync("refreshTokenGrants");
        await emulator.AdminAsync("/expire-tokens");

        world.Interactive = false; // a new sign-in would fail: only a silent refresh can pass
        world.InRepo(emulator.MsaOrganization, "fetch").EnsureSuccess();

        Assert.Equal(signIns + 1, await emulator.StatAsync("signIns"));
        Assert.Equal(refreshes + 1, await emulator.StatAsync("refreshTokenGrants"));
    }

    [OsFact(TestOs.All)]
    public async Task Conditional_access_blocking_device_code_is_one_line_naming_the_other_flows()
    {
        using var world = new SignInWorld(emulator, GitKind.New);
        world.Sandbox.SetConfig("credential.msauthFlow", "devicecode");
        await emulator.AdminAsync("/conditional-access?block=device-code");
        try
        {
            var clone = world.Clone();

            Assert.NotEqual(0, clone.ExitCode);
            var line = Assert.Single(SignInWorld.HelperLines(clone));
            Assert.Contains("AADSTS53003", line, StringComparison.Ordinal);
            Assert.Contains("credential.msauthFlow", line, StringComparison.Ordinal);
            Assert.DoesNotContain("{", line, StringComparison.Ordinal);
            Assert.DoesNotContain(clone.StdErr.Split('\n'), l => l.Contains("Trace ID", StringComparison.Ordinal) && !l.StartsWith("hint: ", StringComparison.Ordinal)); // support's ids: a hint line only
        }
        finally
        {
            await emulator.AdminAsync("/conditional-access?block=");
        }
    }

    [OsFact(TestOs.All)]
    public async Task Pat_list_shows_the_seeded_tokens_and_revoke_all_leaves_none_usable()
    {
        var seeded = (await emulator.AdminJsonAsync("/seed-pats?count=3"))["patTokens"]!.AsArray();
        var secret = (string)seeded[0]!["token"]!;
        using var world = new SignInWorld(emulator, GitKind.New);
        world.Clone().EnsureSuccess(); // signs in (device code, auto-approved as EMULATOR_USER)

        // The declared host (credential.<url>.provider) is the only Azure DevOps host this sandbox knows.
        var list = world.Sandbox.Git("credential-entra", "pat", "list", "--org", "contoso").EnsureSuccess();
        foreach (var name in seeded.Select(p => (string)p!["displayName"]!))
        {
            Assert.Contains(name, list.StdOut, StringComparison.Ordinal);
        }

        Assert.All(seeded, p => Assert.DoesNotContain((string)p!["token"]!, list.StdOut + list.StdErr, StringComparison.Ordinal));
        world.Sandbox.Git("credential-entra", "pat", "revoke", "--org", "contoso", "--all", "--yes").EnsureSuccess();

        Assert.Equal(0, await emulator.StatAsync("activePats"));
        var refused = world.Sandbox.Git("-c", "credential.helper=", "ls-remote", EmulatorGit.WithBasicCredentials(emulator.RepositoryUrl(), secret));
        Assert.Contains("remote: Access Denied: The Personal Access Token used has been revoked.", refused.StdErr, StringComparison.Ordinal);
    }
}
