using System.Diagnostics;
using GitEntraHelper.EndToEndTests.Infrastructure;
using LibGit2Sharp;

namespace GitEntraHelper.EndToEndTests.SignIn;

/// <summary>Device code sign-in through the real git, the published helper, the real MSAL and the emulator.</summary>
[Collection(SignInCollection.Name)]
public sealed class DeviceCodeTests(SignInEmulatorFixture emulator)
{
    [OsTheory(TestOs.All)]
    [InlineData(GitKind.System)]
    [InlineData(GitKind.New)]
    public async Task Signs_in_once_then_clone_fetch_and_push_are_silent(GitKind git)
    {
        using var world = new SignInWorld(emulator, git);
        long signIns = await emulator.StatAsync("signIns");
        long deviceCodes = await emulator.StatAsync("deviceCodeGrants");

        var clone = world.Clone().EnsureSuccess();
        world.InRepo("contoso", "fetch").EnsureSuccess();
        string branch = SignInWorld.Branch("dc-" + git.ToString().ToLowerInvariant());
        world.CommitAndPush("contoso", branch).EnsureSuccess();

        Assert.Contains("To sign in to Azure DevOps, open " + emulator.AuthorityHost, clone.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("devicelogin", clone.StdOut, StringComparison.Ordinal);
        Assert.Equal(signIns + 1, await emulator.StatAsync("signIns"));
        Assert.Equal(deviceCodes + 1, await emulator.StatAsync("deviceCodeGrants"));
        using (var bare = new Repository(emulator.BareRepositoryPath()))
        {
            Assert.Equal("Sign-in test " + branch, bare.Branches[branch].Tip.MessageShort);
        }

        // git >= 2.46 offers capability[]=authtype and gets a Bearer credential; git 2.39 a user name + token as password.
        Assert.Contains(git == GitKind.New ? "authtype=Bearer credential=***" : "password=***", world.Trace, StringComparison.Ordinal);
        Assert.Contains($"'contoso' is now bound to {emulator.User}", world.Trace, StringComparison.Ordinal);
        string token = world.FillToken();
        Assert.Empty(world.Sandbox.FilesContaining(token));
        Assert.DoesNotContain(token, world.Trace, StringComparison.Ordinal);
    }

    [OsFact(TestOs.All)]
    public async Task Without_interaction_an_empty_cache_fails_within_two_seconds_with_one_line()
    {
        using var world = new SignInWorld(emulator, interactive: false);
        world.Sandbox.Environment["GIT_ENTRA_TENANT_ID"] = emulator.TenantId; // no tenant probe: time the sign-in decision only
        long tokenRequests = await emulator.StatAsync("tokenRequests");

        var clock = Stopwatch.StartNew();
        var clone = world.Clone();
        clock.Stop();

        Assert.NotEqual(0, clone.ExitCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
        string line = Assert.Single(SignInWorld.HelperLines(clone));
        Assert.StartsWith("git-credential-entra: not signed in for Azure DevOps organization 'contoso' and interaction is off (GIT_TERMINAL_PROMPT=0) run the git", line, StringComparison.Ordinal);
        Assert.Contains("hint: run the git command once in a terminal to sign in\n", clone.StdErr, StringComparison.Ordinal);
        Assert.Contains("hint: or use a workload identity: AZURE_CLIENT_ID and AZURE_TENANT_ID with AZURE_FEDERATED_TOKEN_FILE, AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH", clone.StdErr, StringComparison.Ordinal);
        Assert.Equal(tokenRequests, await emulator.StatAsync("tokenRequests"));
    }

    [OsFact(TestOs.All)]
    public async Task A_device_code_nobody_approves_ends_the_wait_at_its_expiry_with_one_line()
    {
        await emulator.AdminAsync("/auto-approve?user=");
        await emulator.AdminAsync("/device-code-lifetime?seconds=3");
        try
        {
            using var world = new SignInWorld(emulator);
            long signIns = await emulator.StatAsync("signIns");
            var url = new Uri(emulator.RepositoryUrl());
            var watch = Stopwatch.StartNew();

            var get = world.Sandbox.Helper($"protocol=https\nhost={url.Authority}\npath={url.AbsolutePath.TrimStart('/')}\n\n", "get");

            watch.Stop();
            Assert.Equal(1, get.ExitCode);
            Assert.Equal("quit=1\n", get.StdOut); // ours, failed: git must not fall through to its password prompt
            Assert.Contains("enter the code", get.StdErr, StringComparison.Ordinal);
            Assert.Equal("git-credential-entra: the device code for 'contoso' expired before sign-in completed: run the git command again",
                get.StdErr.Split('\n').Last(l => l.Length > 0));
            Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(20)); // its life, not 15 minutes
            Assert.Equal(signIns, await emulator.StatAsync("signIns"));
        }
        finally
        {
            await emulator.AdminAsync("/device-code-lifetime?seconds=0");
            await emulator.AdminAsync("/auto-approve?user=" + Uri.EscapeDataString(emulator.User));
        }
    }

    [OsFact(TestOs.Unix, "SIGINT (kill -INT)")]
    [UnsupportedOSPlatform("windows")]
    public async Task Ctrl_c_while_waiting_for_a_device_code_exits_with_one_line_and_leaves_nothing_behind()
    {
        await emulator.AdminAsync("/auto-approve?user=");
        try
        {
            using var world = new SignInWorld(emulator);
            var url = new Uri(emulator.RepositoryUrl());
            using var helper = world.Sandbox.Start(PublishedHelper.Path, ["get"],
                stdin: $"protocol=https\nhost={url.Authority}\npath={url.AbsolutePath.TrimStart('/')}\ncapability[]=authtype\n\n");
            await SignInWorld.WaitUntilAsync(() => helper.StdErr.Contains("enter the code", StringComparison.Ordinal), TimeSpan.FromSeconds(30), helper.Describe);

            using (var interrupt = Process.Start("kill", ["-INT", helper.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await interrupt.WaitForExitAsync();
            }

            Assert.Equal(130, await helper.WaitForExitAsync(TimeSpan.FromSeconds(10)));
            Assert.Equal("git-credential-entra: sign-in cancelled", helper.StdErr.Split('\n').Last(l => l.Length > 0));
            Assert.Equal("quit=1\n", helper.StdOut); // no token, only git's stop
            string state = Path.Combine(world.Sandbox.StateHome, "git-credential-entra");
            Assert.False(File.Exists(Path.Combine(state, "accounts.json")));
            Assert.Empty(Directory.Exists(state) ? Directory.GetFiles(state, "*.tmp", SearchOption.AllDirectories) : []);
        }
        finally
        {
            await emulator.AdminAsync("/auto-approve?user=" + Uri.EscapeDataString(emulator.User));
        }
    }
}
