using GitEntraHelper.EndToEndTests.Infrastructure;

namespace GitEntraHelper.EndToEndTests.SignIn;

/// <summary>What happens to a signed-in user's tokens afterwards: expiry, revocation, erase, claims challenges.</summary>
[Collection(SignInCollection.Name)]
[UnsupportedOSPlatform("windows")]
public sealed class TokenLifecycleTests(SignInEmulatorFixture emulator)
{
    [OsTheory(TestOs.Unix, "git 2.39 as the OS's own git (Debian's, Apple's)")]
    [InlineData(GitKind.System)]
    [InlineData(GitKind.New)]
    public async Task Expired_access_token_is_refreshed_without_the_user(GitKind git)
    {
        using var world = new SignInWorld(emulator, git);
        world.Clone().EnsureSuccess();
        long signIns = await emulator.StatAsync("signIns");
        long refreshes = await emulator.StatAsync("refreshTokenGrants");

        await emulator.AdminAsync("/expire-tokens");
        var first = world.CommitAndPush("contoso", SignInWorld.Branch("expired"));
        if (git == GitKind.System)
        {
            // git 2.39 cannot ask again: this push fails and erases the token; the next one refreshes it.
            Assert.NotEqual(0, first.ExitCode);
            Assert.Empty(SignInWorld.HelperLines(first));
            world.InRepo("contoso", "push", "origin", "HEAD:refs/heads/" + SignInWorld.Branch("expired")).EnsureSuccess();
        }
        else
        {
            // git >= 2.46 asks again within the same push (continue=1), and the helper refreshes at once.
            first.EnsureSuccess();
        }

        Assert.Equal(signIns, await emulator.StatAsync("signIns"));
        Assert.Equal(refreshes + 1, await emulator.StatAsync("refreshTokenGrants"));
    }

    [OsFact(TestOs.Unix, "git 2.39 as the OS's own git (Debian's, Apple's)")]
    public async Task Revoked_refresh_token_fails_clearly_without_interaction_and_signs_in_again_with_it()
    {
        using var world = new SignInWorld(emulator, GitKind.New);
        world.Clone().EnsureSuccess();
        long signIns = await emulator.StatAsync("signIns");
        await emulator.AdminAsync("/revoke-refresh-tokens");
        await emulator.AdminAsync("/expire-tokens");

        world.Interactive = false;
        var refused = world.InRepo("contoso", "fetch");

        Assert.NotEqual(0, refused.ExitCode);
        string line = Assert.Single(SignInWorld.HelperLines(refused));
        Assert.StartsWith($"git-credential-entra: the sign-in of {emulator.User} for 'contoso' must be renewed (invalid_grant) and interaction is off (GIT_TERMINAL_PROMPT=0)", line, StringComparison.Ordinal);
        Assert.Equal(signIns, await emulator.StatAsync("signIns"));

        world.Interactive = true;
        var again = world.InRepo("contoso", "fetch").EnsureSuccess();
        Assert.Contains("To sign in to Azure DevOps, open ", again.StdErr, StringComparison.Ordinal);
        Assert.Equal(signIns + 1, await emulator.StatAsync("signIns"));
    }

    [OsFact(TestOs.Unix, "git 2.39 as the OS's own git (Debian's, Apple's)")]
    public async Task Erase_after_a_401_means_a_new_token_next_time_and_no_loop()
    {
        using var world = new SignInWorld(emulator);
        world.Clone().EnsureSuccess();
        string first = world.FillToken();
        long refreshes = await emulator.StatAsync("refreshTokenGrants");

        world.Sandbox.GitWithInput($"url={emulator.RepositoryUrl()}\nusername=entra\npassword={first}\n\n", "credential", "reject").EnsureSuccess();
        string second = world.FillToken();
        string third = world.FillToken();

        Assert.NotEqual(first, second);
        Assert.Equal(second, third); // the fresh token is cached: erase does not make every get refresh
        Assert.Equal(refreshes + 1, await emulator.StatAsync("refreshTokenGrants"));
        world.InRepo("contoso", "fetch").EnsureSuccess();
    }

    [OsFact(TestOs.Unix, "git 2.39 as the OS's own git (Debian's, Apple's)")]
    public async Task Claims_challenge_is_answered_within_the_same_push_with_one_extra_grant()
    {
        using var world = new SignInWorld(emulator, GitKind.New);
        world.Clone().EnsureSuccess();
        long grants = await emulator.StatAsync("tokenRequests");
        long signIns = await emulator.StatAsync("signIns");

        await emulator.AdminAsync("/claims-challenge");
        world.CommitAndPush("contoso", SignInWorld.Branch("claims")).EnsureSuccess();

        Assert.Equal(grants + 1, await emulator.StatAsync("tokenRequests"));
        Assert.Equal(signIns, await emulator.StatAsync("signIns"));
        Assert.Contains("signin: claims challenge: asking for a token with the claims Azure DevOps demanded", world.Trace, StringComparison.Ordinal);
    }

    [OsFact(TestOs.Unix, "git 2.39 as the OS's own git (Debian's, Apple's)")]
    public async Task With_git_2_39_a_claims_challenge_costs_one_failed_push_then_one_refresh()
    {
        using var world = new SignInWorld(emulator, GitKind.System);
        world.Clone().EnsureSuccess();
        long grants = await emulator.StatAsync("tokenRequests");

        await emulator.AdminAsync("/claims-challenge");
        var first = world.CommitAndPush("contoso", SignInWorld.Branch("claims-old"));
        Assert.NotEqual(0, first.ExitCode);
        world.InRepo("contoso", "push", "origin", "HEAD:refs/heads/" + SignInWorld.Branch("claims-old")).EnsureSuccess();

        Assert.Equal(grants + 1, await emulator.StatAsync("tokenRequests"));
    }
}
