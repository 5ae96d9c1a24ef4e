using GitEntraHelper.Diagnostics;
using GitEntraHelper.Identity.User;
using GitEntraHelper.Platform;
using NSubstitute;

namespace GitEntraHelper.Tests.Identity.User;

/// <summary>
/// Without BROWSER on Linux: which opener runs, in which order, and what counts as "started" (the real
/// programs run end to end in SignIn/HeadlessSessionTests). Windows keeps MSAL's launcher, macOS has only `open`.
/// </summary>
public sealed class BrowserOpenerOrderTests : IDisposable
{
    private const string Url = "https://login.example/authorize?a=1&b=2";
    private readonly string _bin = Directory.CreateTempSubdirectory("gce-bin-").FullName;
    private readonly ICommandRunner _runner = Substitute.For<ICommandRunner>();
    private readonly List<string> _started = [];
    private readonly Dictionary<string, int?> _exit = [];

    public BrowserOpenerOrderTests()
    {
        _runner.StartAsync(Arg.Any<CommandSpec>(), Arg.Any<TimeSpan>()).Returns(call =>
        {
            var spec = call.Arg<CommandSpec>();
            string script = spec.Arguments[1]; // /bin/sh -c "exec COMMAND \"$1\" ..." sh URL
            _started.Add(script + " | " + spec.Arguments[3]);
            string program = script["exec ".Length..].Split(' ')[0];
            return Task.FromResult(_exit.TryGetValue(program, out int? exit) ? exit : 0);
        });
    }

    [Fact]
    public async Task In_wsl_wslview_comes_first()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        Install("wslview", "cmd.exe", "explorer.exe");

        await Launcher(wsl: true).OpenAsync(new Uri(Url));

        Assert.Equal([$"exec wslview \"$1\" </dev/null >/dev/null 2>&1 | {Url}"], _started);
    }

    [Fact]
    public async Task In_wsl_cmd_exe_gets_the_url_with_ampersands_escaped_for_cmd()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        Install("cmd.exe", "explorer.exe");

        await Launcher(wsl: true).OpenAsync(new Uri(Url));

        Assert.Equal([$"exec cmd.exe /c start \"$1\" </dev/null >/dev/null 2>&1 | {Url.Replace("&", "^&", StringComparison.Ordinal)}"], _started);
    }

    [Fact]
    public async Task In_wsl_explorer_exe_exiting_1_has_handed_the_url_on()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        Install("cmd.exe", "explorer.exe");
        _exit["cmd.exe"] = 1;
        _exit["explorer.exe"] = 1;

        await Launcher(wsl: true).OpenAsync(new Uri(Url));

        Assert.Equal(2, _started.Count);
        Assert.StartsWith("exec explorer.exe", _started[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_nothing_can_run_the_flow_is_unavailable_and_says_what_was_tried()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        Install("wslview");
        _exit["wslview"] = 1;

        var e = await Assert.ThrowsAsync<SignInFlowUnavailableException>(() => Launcher(wsl: true).OpenAsync(new Uri(Url)));

        Assert.Equal("no way to open a browser could run here: tried wslview (exit 1), cmd.exe /c start (not found), explorer.exe (not found)", e.Message);
    }

    [Fact]
    public async Task On_a_linux_desktop_xdg_open_is_tried_first_and_a_failing_one_moves_on()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        Install("xdg-open", "gnome-open");
        _exit["xdg-open"] = 3; // xdg-open's "no method available"

        await Launcher(wsl: false).OpenAsync(new Uri(Url));

        Assert.Equal(2, _started.Count);
        Assert.StartsWith("exec gnome-open", _started[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task BROWSER_wins_everywhere()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        Install("wslview");

        await Launcher(wsl: true, browser: "my-browser --new-window").OpenAsync(new Uri(Url));

        Assert.Equal([$"exec my-browser --new-window \"$1\" </dev/null >/dev/null 2>&1 | {Url}"], _started);
    }

    private BrowserLauncher Launcher(bool wsl, string? browser = null) => new(
        name => name switch
        {
            "PATH" => _bin,
            "WSL_DISTRO_NAME" => wsl ? "Ubuntu" : null,
            "BROWSER" => browser,
            _ => null,
        },
        _runner, HelperTrace.Disabled);

    private void Install(params string[] programs)
    {
        foreach (string program in programs)
        {
            File.WriteAllText(Path.Combine(_bin, program), string.Empty);
        }
    }

    public void Dispose() => Directory.Delete(_bin, recursive: true);
}
