using GitEntraHelper.Diagnostics;
using GitEntraHelper.Platform;

namespace GitEntraHelper.Identity.User;

/// <summary>
/// Opens the sign-in page with the browser the user chose in <c>BROWSER</c> (a ':'-separated list of
/// commands, <c>%s</c> standing for the URL, as sensible-browser and Python's webbrowser read it). Without
/// <c>BROWSER</c>, MSAL's own launcher (xdg-open, open, start) is used.
/// </summary>
internal sealed class BrowserLauncher(Func<string, string?> environment, ICommandRunner runner, HelperTrace trace)
{
    /// <summary>Exit codes a shell gives when the command is missing or not executable.</summary>
    private static readonly int[] NotFound = [126, 127];

    /// <summary>How long a command may take to fail before we take it as started.</summary>
    private static readonly TimeSpan StartWait = TimeSpan.FromSeconds(1);

    /// <summary>An opener for MSAL's SystemWebViewOptions, or null to keep MSAL's default.</summary>
    public Func<Uri, Task>? CreateOpener() =>
        string.IsNullOrWhiteSpace(environment(Variables.Browser)) ? null : OpenAsync;

    public async Task OpenAsync(Uri url)
    {
        string browsers = environment(Variables.Browser) ?? string.Empty;
        foreach (string entry in Entries(browsers, OperatingSystem.IsWindows()))
        {
            (string file, IReadOnlyList<string> args) = Build(entry, url.AbsoluteUri, OperatingSystem.IsWindows());
            int? exit = await runner.StartAsync(new CommandSpec(file, args, StartWait), StartWait).ConfigureAwait(false);
            if (exit is null or 0)
            {
                trace.Write("signin", $"browser: opened the sign-in page with BROWSER entry '{FirstWord(entry)}'");
                return;
            }

            trace.Write("signin", $"browser: BROWSER entry '{FirstWord(entry)}' failed (exit {exit.Value}{(NotFound.Contains(exit.Value) ? ", not found" : string.Empty)})");
        }

        throw new SignInFlowUnavailableException($"no BROWSER entry could be started (BROWSER='{browsers}')");
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

    private static string FirstWord(string entry) => entry.Split(' ', 2)[0];
}
