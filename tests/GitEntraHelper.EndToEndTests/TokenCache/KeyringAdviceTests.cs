using GitEntraHelper.EndToEndTests.Infrastructure;

namespace GitEntraHelper.EndToEndTests.TokenCache;

/// <summary>
/// The advice for a machine with nowhere to keep a sign-in is runnable as written: the `hint:` command the
/// failure prints, pasted into a terminal (tmux), asks for a keyring password, and git run in the shell it
/// opens signs in and keeps the sign-in in that keyring.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class KeyringAdviceTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [OsFact(TestOs.Linux, "D-Bus, gnome-keyring, tmux and the seccomp no-keyring launcher")]
    public async Task The_keyring_shell_the_failure_suggests_works_when_pasted()
    {
        // No session bus, and the kernel refuses keyrings too: the sign-in cannot be kept anywhere.
        using var scenario = new CacheScenario(emulator, keyring: null);
        scenario.Sandbox.Environment["DBUS_SESSION_BUS_ADDRESS"] = null;
        scenario.Sandbox.SetConfig("credential.helper", $"!'{TestPlatform.NoKeyringLauncher}' '{PublishedHelper.Path}'");

        var failed = scenario.Clone("first");
        Assert.NotEqual(0, failed.ExitCode);
        string advice = Assert.Single(failed.StdErr.Split('\n'), l => l.Contains("dbus-run-session", StringComparison.Ordinal));
        Assert.StartsWith("hint: ", advice, StringComparison.Ordinal);
        string command = advice["hint: ".Length..].Trim();

        using var terminal = TerminalSession.For(scenario.Sandbox);
        await terminal.StartAsync(scenario.Sandbox.WorkDirectory, command);
        await terminal.WaitForAsync("keyring password:", TimeSpan.FromSeconds(30));
        await terminal.TypeAsync("a keyring password");
        await Task.Delay(500); // the shell the command ends in
        await terminal.TypeAsync($"git clone '{scenario.RepositoryUrl}' second; echo \"::$?::\"");
        string screen = await terminal.WaitForAsync(@"::\d+::", TimeSpan.FromSeconds(60)); // the typed line shows '::$?::'

        Assert.Contains("::0::", screen, StringComparison.Ordinal);
        Assert.True(Directory.Exists(Path.Combine(scenario.Sandbox.WorkDirectory, "second", ".git")), screen);
        Assert.DoesNotContain("PLAIN TEXT", screen, StringComparison.Ordinal);
        Assert.False(File.Exists(scenario.PlainTextCacheFile));
    }
}
