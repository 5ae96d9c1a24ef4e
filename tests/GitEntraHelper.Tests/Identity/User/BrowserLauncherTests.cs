using GitEntraHelper.Diagnostics;
using GitEntraHelper.Identity.User;
using GitEntraHelper.Platform;
using NSubstitute;

namespace GitEntraHelper.Tests.Identity.User;

public sealed class BrowserLauncherTests
{
    private const string Url = "https://login.example/tenant/oauth2/v2.0/authorize?client_id=x&state=a;b&redirect_uri=http://localhost:1234";

    [Fact]
    public void Unix_entry_runs_through_sh_with_the_url_as_an_argument_not_as_script()
    {
        var (file, args) = BrowserLauncher.Build("firefox --new-window", Url, windows: false);

        Assert.Equal("/bin/sh", file);
        Assert.Equal(["-c", "exec firefox --new-window \"$1\" </dev/null >/dev/null 2>&1", "sh", Url], args);
    }

    [Fact]
    public void Percent_s_marks_where_the_url_goes()
    {
        var (_, args) = BrowserLauncher.Build("chromium --app=%s --incognito", Url, windows: false);

        Assert.Equal("exec chromium --app=\"$1\" --incognito </dev/null >/dev/null 2>&1", args[1]);
    }

    [Fact]
    public void Windows_entry_gets_the_url_as_last_argument_or_in_place_of_percent_s()
    {
        var (file, args) = BrowserLauncher.Build("msedge --inprivate", Url, windows: true);
        Assert.Equal("msedge", file);
        Assert.Equal(["--inprivate", Url], args);
        Assert.Equal(["--app=" + Url], BrowserLauncher.Build("chrome --app=%s", Url, windows: true).Arguments);
    }

    [Fact]
    public void Without_BROWSER_msal_opens_the_default_browser_on_windows_only()
    {
        // Elsewhere we open it ourselves (BrowserOpenerOrderTests): MSAL's launcher cannot tell a missing opener from a started one.
        Func<Uri, Task>? opener = new BrowserLauncher(_ => null, Substitute.For<ICommandRunner>(), HelperTrace.Disabled).CreateOpener();
        Assert.Equal(OperatingSystem.IsWindows(), opener is null);
    }

    [Fact]
    public async Task Entries_are_tried_in_order_until_one_starts()
    {
        var starter = Substitute.For<ICommandRunner>();
        // The entry is the program on Windows and inside the /bin/sh script elsewhere: match either.
        starter.StartAsync(Arg.Any<CommandSpec>(), Arg.Any<TimeSpan>())
            .Returns(call => Started(call.Arg<CommandSpec>(), "missing") ? 127 : Started(call.Arg<CommandSpec>(), "real") ? null : 0);
        string browsers = string.Join(Path.PathSeparator, "missing-browser", "real-browser", "never-tried");
        var launcher = new BrowserLauncher(n => n == "BROWSER" ? browsers : null, starter, HelperTrace.Disabled);

        await launcher.CreateOpener()!(new Uri(Url));

        await starter.Received(2).StartAsync(Arg.Any<CommandSpec>(), Arg.Any<TimeSpan>());
    }

    [Fact]
    public void Entries_are_separated_like_PATH_so_a_drive_letter_stays_in_its_entry()
    {
        Assert.Equal(["firefox", "chromium %s"], BrowserLauncher.Entries("firefox: chromium %s", windows: false));
        Assert.Equal([@"C:\Tools\firefox.exe", "msedge"], BrowserLauncher.Entries(@"C:\Tools\firefox.exe;msedge", windows: true));
    }

    [Fact]
    public void A_quoted_windows_program_may_contain_spaces()
    {
        var (file, args) = BrowserLauncher.Build("\"C:\\Program Files\\Mozilla Firefox\\firefox.exe\" -private-window %s", Url, windows: true);

        Assert.Equal(@"C:\Program Files\Mozilla Firefox\firefox.exe", file);
        Assert.Equal(["-private-window", Url], args);
    }

    private static bool Started(CommandSpec command, string entry) =>
        command.Program.Contains(entry, StringComparison.Ordinal)
        || command.Arguments.Any(a => a.Contains(entry, StringComparison.Ordinal));

    [Fact]
    public async Task No_entry_starting_makes_the_flow_unavailable()
    {
        var starter = Substitute.For<ICommandRunner>();
        starter.StartAsync(default!, default).ReturnsForAnyArgs(127);
        var launcher = new BrowserLauncher(_ => "nope", starter, HelperTrace.Disabled);

        var e = await Assert.ThrowsAsync<SignInFlowUnavailableException>(() => launcher.OpenAsync(new Uri(Url)));

        Assert.Contains("BROWSER='nope'", e.Message);
    }

    [Fact]
    public async Task Real_BROWSER_script_receives_the_exact_url_and_the_helper_does_not_wait_for_it()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        string dir = Directory.CreateTempSubdirectory("browser-test").FullName;
        try
        {
            string output = Path.Combine(dir, "url.txt");
            string script = Path.Combine(dir, "fake browser.sh");
            await File.WriteAllTextAsync(script, $"#!/bin/sh\nprintf '%s' \"$1\" > '{output}'\nsleep 30\n");
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var launcher = new BrowserLauncher(n => n == "BROWSER" ? $"/nonexistent/browser:'{script}'" : null, new CommandRunner(ProcessEnvironmentVariables.Instance), HelperTrace.Disabled);

            var started = System.Diagnostics.Stopwatch.StartNew();
            await launcher.OpenAsync(new Uri(Url));

            Assert.True(started.Elapsed < TimeSpan.FromSeconds(10), $"took {started.Elapsed}");
            for (int i = 0; i < 50 && !File.Exists(output); i++)
            {
                await Task.Delay(100);
            }

            Assert.Equal(new Uri(Url).AbsoluteUri, await File.ReadAllTextAsync(output));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
