using System.Diagnostics;
using GitEntraHelper.EndToEndTests.Infrastructure;

namespace GitEntraHelper.EndToEndTests.SignIn;

/// <summary>
/// Where a sign-in meets the user when there is no desktop here: WSL (the Windows browser through
/// interop, simulated by a <c>wslview</c> that hands the URL to headless Chromium), and SSH logins, dev
/// containers and Codespaces (no browser at all: device code). Real git, the published helper, the emulator.
/// </summary>
[SupportedOSPlatform("linux")]
[Collection(SignInCollection.Name)]
public sealed class HeadlessSessionTests(SignInEmulatorFixture emulator)
{
    [OsFact(TestOs.Linux, "WSL, SSH and container sessions as Linux sees them, Debian's headless Chromium")]
    public async Task In_wsl_auto_signs_in_through_the_windows_browser_and_prints_the_address_no_device_code()
    {
        using var world = Wsl();
        string browser = HeadlessBrowser.InstallAs(world.Sandbox, "wslview", emulator.CaFile);
        long signIns = await emulator.StatAsync("signIns");
        long codes = await emulator.StatAsync("authorizationCodeGrants");

        var clone = world.Clone();

        Assert.True(clone.ExitCode == 0, clone.ToString());
        Assert.Equal(signIns + 1, await emulator.StatAsync("signIns"));
        Assert.Equal(codes + 1, await emulator.StatAsync("authorizationCodeGrants"));
        string url = Assert.Single(File.ReadAllLines(Path.Combine(browser, "urls.log")));
        Assert.Contains($"If no browser shows the sign-in page, open this address (waiting up to 10 min):\n{url}\n", clone.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("enter the code", clone.StdErr, StringComparison.Ordinal);
        Assert.Contains("signin: browser: opened the sign-in page with wslview", world.Trace, StringComparison.Ordinal);
        Assert.Contains("signin: plan: System then DeviceCode (session: Wsl, desktop: False, terminal: True)", world.Trace, StringComparison.Ordinal);
    }

    [OsFact(TestOs.Linux, "WSL, SSH and container sessions as Linux sees them, Debian's headless Chromium")]
    public async Task In_wsl_with_no_way_to_open_a_browser_the_sign_in_falls_to_a_device_code()
    {
        using var world = Wsl(); // no wslview, cmd.exe or explorer.exe on PATH here
        long signIns = await emulator.StatAsync("signIns");

        var clone = world.Clone();

        Assert.True(clone.ExitCode == 0, clone.ToString());
        Assert.Contains("To sign in to Azure DevOps, open ", clone.StdErr, StringComparison.Ordinal);
        Assert.Contains("signin: System: not available (no way to open a browser could run here: tried wslview (not found), cmd.exe /c start (not found), explorer.exe (not found))",
            world.Trace, StringComparison.Ordinal);
        Assert.Equal(signIns + 1, await emulator.StatAsync("signIns"));
    }

    [OsFact(TestOs.Linux, "WSL, SSH and container sessions as Linux sees them, Debian's headless Chromium")]
    public async Task A_browser_sign_in_nobody_completes_ends_within_its_bound_with_one_line_and_the_address_was_shown()
    {
        using var world = Wsl();
        string bin = Path.Combine(world.Sandbox.Root, "bin");
        string urls = Path.Combine(world.Sandbox.Root, "opened.log");
        Program(bin, "wslview", $"echo \"$1\" >> '{urls}'"); // "opens" the page; nobody signs in
        world.Sandbox.PrependPath(bin);
        world.Sandbox.Environment["GIT_ENTRA_BROWSER_TIMEOUT"] = "5";
        long signIns = await emulator.StatAsync("signIns");
        (ProcessResult get, TimeSpan took) = FailedGet(world);

        Assert.InRange(took, TimeSpan.FromSeconds(4.5), TimeSpan.FromSeconds(30));
        Assert.Equal(
            [
                "git-credential-entra: browser sign-in for 'contoso' did not complete within 5 s (credential.entraBrowserTimeout)",
                "hint: run the git command again and finish the sign-in in the browser, or open the address it prints yourself",
            ],
            get.StdErr.Split('\n').Where(l => l.Length > 0).TakeLast(2));
        Assert.Contains($"open this address (waiting up to 5 s):\n{Assert.Single(File.ReadAllLines(urls))}\n", get.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("enter the code", get.StdErr, StringComparison.Ordinal);
        Assert.Equal(signIns, await emulator.StatAsync("signIns"));
    }

    [OsTheory(TestOs.Linux, "SSH and container sessions as Linux sees them")]
    [InlineData("ssh")]
    [InlineData("dev-container")]
    [InlineData("codespaces")]
    public async Task Over_ssh_and_in_dev_containers_and_codespaces_no_browser_is_started_and_a_device_code_signs_in(string where)
    {
        using var world = Remote(where, out string tripped);
        long signIns = await emulator.StatAsync("signIns");

        var clone = world.Clone();

        Assert.True(clone.ExitCode == 0, clone.ToString());
        Assert.Contains("To sign in to Azure DevOps, open ", clone.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("Opening a browser", clone.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(tripped), File.Exists(tripped) ? File.ReadAllText(tripped) : string.Empty);
        Assert.Equal(signIns + 1, await emulator.StatAsync("signIns"));
        string session = where switch { "ssh" => "Ssh", "dev-container" => "DevContainer", _ => "Codespaces" };
        Assert.Contains($"signin: plan: DeviceCode (session: {session}, desktop: False, terminal: True)", world.Trace, StringComparison.Ordinal);
    }

    [OsFact(TestOs.Linux, "WSL, SSH and container sessions as Linux sees them, Debian's headless Chromium")]
    public async Task Over_ssh_a_policy_that_blocks_the_device_code_gets_one_line_naming_the_ways_that_work()
    {
        await emulator.AdminAsync("/conditional-access?block=device-code");
        try
        {
            using var world = Remote("ssh", out string tripped);
            long grants = await emulator.StatAsync("deviceCodeGrants");

            var clone = world.Clone();

            Assert.NotEqual(0, clone.ExitCode);
            Assert.Contains("To sign in to Azure DevOps, open ", clone.StdErr, StringComparison.Ordinal);
            string line = Assert.Single(SignInWorld.HelperLines(clone), l => l.Contains("Conditional Access", StringComparison.Ordinal));
            Assert.StartsWith("git-credential-entra: Conditional Access of 'contoso'", line, StringComparison.Ordinal);
            Assert.Contains(
                "does not allow signing in with a device code (AADSTS53003): sign in with the browser "
                + "or the OS broker instead (git config --global credential.msauthFlow system, or broker), from a desktop session or WSL", line, StringComparison.Ordinal);
            Assert.Contains("credential.entraAzureCli", line, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", clone.StdErr, StringComparison.Ordinal);
            Assert.Equal(grants, await emulator.StatAsync("deviceCodeGrants"));
            Assert.False(File.Exists(tripped));
        }
        finally
        {
            await emulator.AdminAsync("/conditional-access?block=");
        }
    }

    [OsFact(TestOs.Linux, "a Linux desktop session whose xdg-open fails")]
    public async Task On_a_desktop_whose_browser_cannot_start_auto_falls_to_a_device_code_at_once()
    {
        using var world = BrokenOpenerDesktop(out string tried);
        long signIns = await emulator.StatAsync("signIns");

        var clone = world.Clone();

        Assert.True(clone.ExitCode == 0, clone.ToString());
        Assert.Contains("To sign in to Azure DevOps, open ", clone.StdErr, StringComparison.Ordinal);
        Assert.Contains("signin: System: not available (no way to open a browser could run here: tried xdg-open (exit 3)", world.Trace, StringComparison.Ordinal);
        Assert.Contains("signin: plan: System then DeviceCode (session: Local, desktop: True", world.Trace, StringComparison.Ordinal);
        Assert.Contains("xdg-open", File.ReadAllText(tried), StringComparison.Ordinal);
        Assert.Equal(signIns + 1, await emulator.StatAsync("signIns"));
    }

    [OsFact(TestOs.Linux, "a Linux desktop session whose xdg-open fails")]
    public async Task With_the_browser_flow_chosen_a_browser_that_cannot_start_fails_at_once_with_one_line()
    {
        using var world = BrokenOpenerDesktop(out _);
        world.Sandbox.SetConfig("credential.msauthFlow", "system");
        long signIns = await emulator.StatAsync("signIns");
        (ProcessResult get, TimeSpan took) = FailedGet(world);

        Assert.True(took < TimeSpan.FromSeconds(20), $"took {took} (the browser time-out is 10 min)");
        string[] messages = [.. get.StdErr.Split('\n').Where(l => l.StartsWith("git-credential-entra: ", StringComparison.Ordinal))];
        Assert.StartsWith("git-credential-entra: cannot sign in for 'contoso': no way to open a browser could run here", Assert.Single(messages), StringComparison.Ordinal);
        Assert.Contains("credential.msauthFlow=devicecode", get.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("enter the code", get.StdErr, StringComparison.Ordinal);
        Assert.Equal(signIns, await emulator.StatAsync("signIns"));
    }

    /// <summary>The helper's own get for the emulator's repository, which must fail as ours: exit 1 and quit=1 (git stops rather than prompting).</summary>
    private (ProcessResult Get, TimeSpan Took) FailedGet(SignInWorld world)
    {
        var url = new Uri(emulator.RepositoryUrl());
        var clock = Stopwatch.StartNew();
        var get = world.Sandbox.Helper($"protocol=https\nhost={url.Authority}\npath={url.AbsolutePath.TrimStart('/')}\n\n", "get");
        clock.Stop();
        Assert.Equal(1, get.ExitCode);
        Assert.Equal("quit=1\n", get.StdOut);
        return (get, clock.Elapsed);
    }

    /// <summary>A desktop session (DISPLAY set, no BROWSER) whose openers all exit 3, as xdg-open does when no browser is configured.</summary>
    private SignInWorld BrokenOpenerDesktop(out string tried)
    {
        var world = new SignInWorld(emulator);
        string bin = Path.Combine(world.Sandbox.Root, "bin");
        tried = Path.Combine(world.Sandbox.Root, "tried.log");
        foreach (string opener in new[] { "xdg-open", "gnome-open", "kfmclient", "microsoft-edge" })
        {
            Program(bin, opener, $"echo \"$0 $*\" >> '{tried}'; echo 'xdg-open: no method available for opening' >&2; exit 3");
        }

        world.Sandbox.PrependPath(bin);
        world.Sandbox.Environment["DISPLAY"] = ":0";
        world.Sandbox.Environment["WAYLAND_DISPLAY"] = null;
        world.Sandbox.Environment["BROWSER"] = null;
        return world;
    }

    /// <summary>
    /// An SSH login, a VS Code dev container or a Codespace with no desktop of the user's: every opener the
    /// helper could try is a tripwire on PATH that records being run in <paramref name="tripped"/>.
    /// </summary>
    private SignInWorld Remote(string where, out string tripped)
    {
        var world = new SignInWorld(emulator);
        string bin = Path.Combine(world.Sandbox.Root, "bin");
        tripped = Path.Combine(world.Sandbox.Root, "tripped.log");
        foreach (string opener in new[] { "xdg-open", "wslview", "gnome-open", "kfmclient", "microsoft-edge", "sensible-browser", "x-www-browser", "cmd.exe", "explorer.exe" })
        {
            Program(bin, opener, $"echo \"$0 $*\" >> '{tripped}'; exit 0");
        }

        world.Sandbox.PrependPath(bin);
        world.Sandbox.Environment["DISPLAY"] = null;
        world.Sandbox.Environment["WAYLAND_DISPLAY"] = null;
        world.Sandbox.Environment["BROWSER"] = null;
        switch (where)
        {
            case "ssh":
                world.Sandbox.Environment["SSH_CONNECTION"] = "192.0.2.10 50022 192.0.2.20 22";
                world.Sandbox.Environment["SSH_TTY"] = "/dev/pts/3";
                break;
            case "dev-container":
                world.Sandbox.Environment["REMOTE_CONTAINERS"] = "true";
                world.Sandbox.Environment["BROWSER"] = Path.Combine(bin, "xdg-open"); // VS Code sets its own helper there
                break;
            default:
                world.Sandbox.Environment["CODESPACES"] = "true";
                world.Sandbox.Environment["BROWSER"] = Path.Combine(bin, "xdg-open");
                world.Sandbox.Environment["DISPLAY"] = ":1"; // a forwarded display is still not the user's browser
                break;
        }

        return world;
    }

    /// <summary>A WSL distribution's session as WSL starts it: WSL_DISTRO_NAME and WSL_INTEROP set, no display, no BROWSER.</summary>
    private SignInWorld Wsl()
    {
        var world = new SignInWorld(emulator, GitKind.New);
        world.Sandbox.Environment["WSL_DISTRO_NAME"] = "Ubuntu-24.04";
        world.Sandbox.Environment["WSL_INTEROP"] = "/run/WSL/1_interop";
        world.Sandbox.Environment["DISPLAY"] = null;
        world.Sandbox.Environment["WAYLAND_DISPLAY"] = null;
        world.Sandbox.Environment["BROWSER"] = null;
        return world;
    }

    /// <summary>A stand-in program: a shell script named <paramref name="name"/> in <paramref name="directory"/>.</summary>
    private static void Program(string directory, string name, string body)
    {
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
