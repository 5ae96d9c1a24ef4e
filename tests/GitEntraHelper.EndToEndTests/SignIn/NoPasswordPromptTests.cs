using GitEntraHelper.EndToEndTests.Infrastructure;

namespace GitEntraHelper.EndToEndTests.SignIn;

/// <summary>
/// After a definitive failure for an Azure DevOps URL, git stops (the helper answers `quit=1`): no
/// `Username for 'https://…':` prompt in a terminal (tmux), no second `fatal: could not read Username`
/// without one — with git 2.39 and ≥ 2.46, for a keyring that cannot keep the sign-in, a device code that
/// expired, and an account of another tenant.
/// </summary>
[Collection(SignInCollection.Name)]
[SupportedOSPlatform("linux")]
public sealed class NoPasswordPromptTests(SignInEmulatorFixture emulator)
{
    public enum Failure
    {
        NoKeyring,
        ExpiredDeviceCode,
        AccountOfAnotherTenant,
    }

    public static TheoryData<Failure, GitKind, bool> Cases()
    {
        var cases = new TheoryData<Failure, GitKind, bool>();
        foreach (Failure failure in Enum.GetValues<Failure>())
        {
            foreach (GitKind git in (GitKind[])[GitKind.System, GitKind.New])
            {
                cases.Add(failure, git, false);
                cases.Add(failure, git, true);
            }
        }

        return cases;
    }

    [OsTheory(TestOs.Linux, "tmux for the terminal, gnome-keyring's D-Bus for the keyring, setsid for no terminal")]
    [MemberData(nameof(Cases))]
    public async Task A_definitive_failure_ends_git_without_a_password_prompt(Failure failure, GitKind git, bool terminal)
    {
        using var world = new SignInWorld(emulator, git);
        world.Sandbox.SetConfig("credential.msauthFlow", "devicecode");
        using var bus = failure == Failure.NoKeyring ? TestPlatform.StartBusWithoutSecretService() : null;
        if (bus is not null)
        {
            // No Secret Service on the bus, and the kernel refuses keyrings too (the seccomp launcher): nowhere to keep a sign-in.
            foreach (var (name, value) in bus.Environment)
            {
                world.Sandbox.Environment[name] = value;
            }

            world.Sandbox.SetConfig("credential.helper", $"!'{TestPlatform.NoKeyringLauncher}' '{PublishedHelper.Path}'");
        }

        await emulator.AdminAsync(failure switch
        {
            Failure.ExpiredDeviceCode => "/auto-approve?user=",
            Failure.AccountOfAnotherTenant => "/auto-approve?user=" + Uri.EscapeDataString(emulator["EMULATOR_OTHER_TENANT_USER"]),
            _ => "/auto-approve?user=" + Uri.EscapeDataString(emulator.User),
        });
        await emulator.AdminAsync("/device-code-lifetime?seconds=" + (failure == Failure.ExpiredDeviceCode ? "3" : "0"));
        try
        {
            string[] clone = ["clone", emulator.RepositoryUrl(), world.Directory("demo")];
            string expected = failure switch
            {
                Failure.NoKeyring => "GIT_ENTRA_CACHE_PROTECTION=plaintext",
                Failure.ExpiredDeviceCode => "expired before sign-in completed",
                _ => "AADSTS50020",
            };
            string output;
            if (terminal)
            {
                using var session = TerminalSession.For(world.Sandbox);
                var screen = await session.RunAsync(world.Sandbox.WorkDirectory, world.Sandbox.GitPath, clone, TimeSpan.FromSeconds(60));

                Assert.False(screen.AskedForUsername, screen.ToString());
                Assert.NotNull(screen.ExitCode);
                Assert.NotEqual(0, screen.ExitCode);
                Assert.Contains("git-credential-entra: ", screen.Text, StringComparison.Ordinal);
                Assert.Contains(expected, screen.Text, StringComparison.Ordinal);
                Assert.Contains("told us to quit", screen.Text, StringComparison.Ordinal);
                output = screen.Text;
            }
            else
            {
                // setsid: no controlling terminal at all, as in a service or a CI runner.
                var result = world.Sandbox.Run("setsid", null, ["-w", world.Sandbox.GitPath, .. clone]);

                Assert.NotEqual(0, result.ExitCode);
                Assert.Contains("git-credential-entra: ", result.StdErr, StringComparison.Ordinal);
                Assert.Contains(expected, result.StdErr, StringComparison.Ordinal);
                Assert.DoesNotContain("Username", result.StdErr, StringComparison.Ordinal);
                Assert.Contains("told us to quit", result.StdErr, StringComparison.Ordinal);
                output = result.StdErr;
            }

            if (failure == Failure.AccountOfAnotherTenant)
            {
                // AADSTS50020 names the fix, and keeps the ids support asks for.
                Assert.Contains($"hint: that account is not in tenant {emulator.TenantId}", output, StringComparison.Ordinal);
                Assert.Contains("hint: sign in with one that is: git credential-entra logout contoso, then run the git command again", output, StringComparison.Ordinal);
                Assert.Contains("Correlation ID: ", output, StringComparison.Ordinal);
            }
        }
        finally
        {
            await emulator.AdminAsync("/device-code-lifetime?seconds=0");
            await emulator.AdminAsync("/auto-approve?user=" + Uri.EscapeDataString(emulator.User));
        }
    }

    [OsFact(TestOs.Linux, "setsid: no controlling terminal")]
    public async Task Not_signed_in_without_interaction_lets_a_later_helper_answer_and_otherwise_quits()
    {
        using var world = new SignInWorld(emulator, GitKind.New, interactive: false);
        string[] clone = ["clone", emulator.RepositoryUrl(), world.Directory("demo")];

        var alone = world.Sandbox.Run("setsid", null, ["-w", world.Sandbox.GitPath, .. clone]);
        Assert.Contains("not signed in", alone.StdErr, StringComparison.Ordinal);
        Assert.Contains("told us to quit", alone.StdErr, StringComparison.Ordinal);

        // A helper after ours (a PAT during a migration) may still answer: git asks it.
        string script = Path.Combine(world.Sandbox.Root, "later-helper.sh");
        await File.WriteAllTextAsync(script, "#!/bin/sh\necho 'later helper asked' >&2\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        world.Sandbox.AddConfig("credential.helper", script);

        var followed = world.Sandbox.Run("setsid", null, ["-w", world.Sandbox.GitPath, .. clone]);
        Assert.Contains("not signed in", followed.StdErr, StringComparison.Ordinal);
        Assert.Contains("later helper asked", followed.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("told us to quit", followed.StdErr, StringComparison.Ordinal);
    }
}
