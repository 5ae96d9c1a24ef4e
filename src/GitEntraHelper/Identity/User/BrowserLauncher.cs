using GitEntraHelper.Diagnostics;
using GitEntraHelper.Platform;
using GitEntraHelper.Settings;

namespace GitEntraHelper.Identity.User;

/// <summary>
/// Opens the sign-in page. The user's <c>BROWSER</c> first (a ':'-separated list of commands, <c>%s</c>
/// standing for the URL, as sensible-browser and Python's webbrowser read it); else, by where we run:
/// WSL — <c>wslview</c>, then Windows' <c>cmd.exe /c start</c>, then <c>explorer.exe</c> through interop
/// (Windows' default browser; WSL 2 forwards its redirect to localhost back to us); Linux —
/// <c>xdg-open</c> and the openers MSAL would try; macOS — <c>open</c>. Unlike MSAL's own launcher, an
/// opener that is missing or fails moves on to the next one, and when none starts the browser flow is
/// unavailable (the device code follows) instead of waiting for a browser that never appeared (GCM
/// issues 878, 1005, 2368). On Windows without BROWSER, MSAL's launcher (shell execute) is kept.
/// </summary>
internal sealed class BrowserLauncher(Func<string, string?> environment, ICommandRunner runner, HelperTrace trace)
{
    /// <summary>Exit codes a shell gives when the command is missing or not executable.</summary>
    private static readonly int[] NotFound = [126, 127];

    /// <summary>How long a command may take to fail before we take it as started.</summary>
    private static readonly TimeSpan StartWait = TimeSpan.FromSeconds(1);

    /// <summary>An opener for MSAL's SystemWebViewOptions, or null to keep MSAL's default (Windows without BROWSER).</summary>
    public Func<Uri, Task>? CreateOpener() =>
        OperatingSystem.IsWindows() && string.IsNullOrWhiteSpace(environment(Variables.Browser)) ? null : OpenAsync;

    /// <summary>Starts the first opener that runs; throws <see cref="SignInFlowUnavailableException"/> when none does.</summary>
    public async Task OpenAsync(Uri url)
    {
        IReadOnlyList<Opener> openers = Openers();
        var tried = new List<string>();
        foreach (Opener opener in openers)
        {
            if (opener.Program is { } program && ExecutableSearch.Find(program, environment(Variables.Path), environment(Variables.PathExt),
                    OperatingSystem.IsWindows(), File.Exists) is null)
            {
                tried.Add($"{opener.Name} (not found)");
                continue;
            }

            (string file, IReadOnlyList<string> args) = Build(opener.Command, opener.Url(url.AbsoluteUri), OperatingSystem.IsWindows());
            int? exit = await runner.StartAsync(new CommandSpec(file, args, StartWait), StartWait).ConfigureAwait(false);
            if (exit is null || opener.Started(exit.Value))
            {
                trace.Write("signin", $"browser: opened the sign-in page with {opener.Name}");
                return;
            }

            tried.Add($"{opener.Name} (exit {exit.Value}{(NotFound.Contains(exit.Value) ? ", not found" : string.Empty)})");
            trace.Write("signin", $"browser: {opener.Name} failed (exit {exit.Value})");
        }

        throw new SignInFlowUnavailableException(string.IsNullOrWhiteSpace(environment(Variables.Browser))
            ? $"no way to open a browser could run here: tried {string.Join(", ", tried)}"
            : $"no BROWSER entry could be started (BROWSER='{environment(Variables.Browser)}')");
    }

    /// <summary>What to try, in order. An opener with a Program is skipped when that program is not on PATH.</summary>
    internal IReadOnlyList<Opener> Openers()
    {
        string? browsers = environment(Variables.Browser);
        if (!string.IsNullOrWhiteSpace(browsers))
        {
            return [.. Entries(browsers, OperatingSystem.IsWindows())
                .Select(entry => new Opener($"BROWSER entry '{entry.Split(' ', 2)[0]}'", entry, Program: null))];
        }

        if (OperatingSystem.IsMacOS())
        {
            return [new Opener("open", "open", "open")];
        }

        return InteractionPolicy.Session(environment) == SessionKind.Wsl
            ?
            [
                new Opener("wslview", "wslview", "wslview"),
                // cmd.exe reads '&' as a command separator: MSAL escapes it the same way for `cmd /c start`.
                new Opener("cmd.exe /c start", "cmd.exe /c start", "cmd.exe") { Url = static u => u.Replace("&", "^&", StringComparison.Ordinal) },
                // explorer.exe exits 1 when it has handed the URL to the default browser.
                new Opener("explorer.exe", "explorer.exe", "explorer.exe") { Started = static exit => exit is 0 or 1 },
            ]
            :
            [
                new Opener("xdg-open", "xdg-open", "xdg-open"),
                new Opener("gnome-open", "gnome-open", "gnome-open"),
                new Opener("kfmclient", "kfmclient exec", "kfmclient"),
                new Opener("microsoft-edge", "microsoft-edge", "microsoft-edge"),
            ];
    }

    /// <summary>
    /// BROWSER is a list separated like PATH (as Python's webbrowser reads it: os.pathsep), so on
    /// Windows ';' and a drive letter's ':' stays part of its entry ("C:\...\firefox.exe").
    /// </summary>
    internal static string[] Entries(string value, bool windows) =>
        value.Split(windows ? ';' : ':', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// On Unix the entry runs through /bin/sh so it may carry arguments; the URL travels as "$1", never
    /// spliced into the script, so its '&amp;' and ';' cannot become shell syntax. The browser's stdio goes
    /// to /dev/null: a browser holding git's stdout pipe would make git wait for it.
    /// </summary>
    internal static (string File, IReadOnlyList<string> Arguments) Build(string entry, string url, bool windows)
    {
        if (windows)
        {
            // A program under "Program Files" is written in quotes: "C:\Program Files\...\x.exe" %s.
            string program, rest;
            if (entry.StartsWith('"') && entry.IndexOf('"', 1) is > 0 and int close)
            {
                (program, rest) = (entry[1..close], entry[(close + 1)..]);
            }
            else
            {
                int space = entry.IndexOf(' ');
                (program, rest) = space < 0 ? (entry, "") : (entry[..space], entry[space..]);
            }

            var args = new List<string>();
            bool placed = false;
            foreach (string word in rest.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                placed |= word.Contains("%s", StringComparison.Ordinal);
                args.Add(word.Replace("%s", url, StringComparison.Ordinal));
            }

            if (!placed)
            {
                args.Add(url);
            }

            return (program, args);
        }

        string command = entry.Contains("%s", StringComparison.Ordinal)
            ? entry.Replace("%s", "\"$1\"", StringComparison.Ordinal)
            : entry + " \"$1\"";
        return ("/bin/sh", ["-c", $"exec {command} </dev/null >/dev/null 2>&1", "sh", url]);
    }

    /// <param name="Name">For the trace and the error line.</param>
    /// <param name="Command">The command line (see <see cref="Build"/>).</param>
    /// <param name="Program">A program that must be on PATH, or null to just try (BROWSER's entries).</param>
    internal sealed record Opener(string Name, string Command, string? Program)
    {
        /// <summary>The URL as this opener must be given it.</summary>
        public Func<string, string> Url { get; init; } = static u => u;

        /// <summary>Whether an exit code (within the first second) means the browser got the URL.</summary>
        public Func<int, bool> Started { get; init; } = static exit => exit == 0;
    }
}
