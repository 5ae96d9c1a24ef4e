using System.Diagnostics;
using System.Text;

namespace GitEntraHelper.EndToEndTests.Infrastructure;

/// <summary>
/// A command run in a real terminal, as a person runs it: a detached tmux session (100 columns) on a private
/// socket, with the sandbox's environment, whose screen is read back with `capture-pane`. What a person would
/// be asked there — git's `Username for '…':` prompt — shows on the screen and waits, so
/// <see cref="RunAsync"/> stops at the first of: the command ended, a prompt appeared, the time-out.
/// </summary>
internal sealed class TerminalSession : IDisposable
{
    public const int Columns = 100;

    private readonly string _directory;
    private readonly string _socket;
    private readonly Dictionary<string, string> _environment;

    private TerminalSession(string directory, Dictionary<string, string> environment)
    {
        _directory = directory;
        _socket = Path.Combine(directory, "tmux.sock");
        _environment = environment;
    }

    /// <summary>The command's screen (joined lines) and exit code; null exit code when it had not ended.</summary>
    public sealed record Screen(string Text, int? ExitCode)
    {
        public bool AskedForUsername => Text.Contains("Username for", StringComparison.Ordinal);

        public override string ToString() => $"exit code: {ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(still running)"}\n--- screen ---\n{Text}";
    }

    public static TerminalSession For(GitSandbox sandbox)
    {
        var environment = sandbox.BuildEnvironment();
        environment["TERM"] = "xterm-256color";
        environment.Remove("TMUX");
        return new TerminalSession(Directory.CreateDirectory(Path.Combine(sandbox.Root, "tmux-" + Guid.NewGuid().ToString("N")[..8])).FullName, environment);
    }

    /// <summary>Runs <paramref name="program"/> with <paramref name="arguments"/> in <paramref name="workingDirectory"/> in the terminal.</summary>
    public async Task<Screen> RunAsync(string workingDirectory, string program, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var script = new StringBuilder("#!/bin/sh\n");
        foreach (var (name, value) in _environment)
        {
            if (!value.Contains('\n', StringComparison.Ordinal) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                script.Append("export ").Append(name).Append('=').Append(Quote(value)).Append('\n');
            }
        }

        script.Append("cd ").Append(Quote(workingDirectory)).Append('\n')
            .Append(string.Join(' ', new[] { program }.Concat(arguments).Select(Quote))).Append('\n')
            .Append("echo \"[exit $?]\"\nexec sleep 600\n");
        string file = Path.Combine(_directory, "run.sh");
        await File.WriteAllTextAsync(file, script.ToString());

        (await Tmux("new-session", "-d", "-x", Columns.ToString(System.Globalization.CultureInfo.InvariantCulture), "-y", "50", "sh", file)).EnsureSuccess();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            string text = (await Tmux("capture-pane", "-p", "-J", "-S", "-500")).EnsureSuccess().StdOut.TrimEnd();
            int exit = text.LastIndexOf("[exit ", StringComparison.Ordinal);
            if (exit >= 0 && int.TryParse(text[(exit + 6)..].TrimEnd(']', '\n', ' '), out int code))
            {
                return new Screen(text[..exit].TrimEnd(), code);
            }

            var screen = new Screen(text, null);
            if (screen.AskedForUsername || clock.Elapsed > timeout)
            {
                return screen;
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Starts an interactive shell command line (as typed at a prompt) in the terminal; drive it with <see cref="TypeAsync"/>.</summary>
    public async Task StartAsync(string workingDirectory, string commandLine)
    {
        var script = new StringBuilder("#!/bin/sh\n");
        foreach (var (name, value) in _environment)
        {
            if (!value.Contains('\n', StringComparison.Ordinal) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                script.Append("export ").Append(name).Append('=').Append(Quote(value)).Append('\n');
            }
        }

        script.Append("cd ").Append(Quote(workingDirectory)).Append('\n').Append(commandLine).Append("\nexec sleep 600\n");
        string file = Path.Combine(_directory, "start.sh");
        await File.WriteAllTextAsync(file, script.ToString());
        (await Tmux("new-session", "-d", "-x", Columns.ToString(System.Globalization.CultureInfo.InvariantCulture), "-y", "50", "sh", file)).EnsureSuccess();
    }

    /// <summary>Types <paramref name="text"/> and Enter, as a person would.</summary>
    public async Task TypeAsync(string text)
    {
        (await Tmux("send-keys", "-l", text)).EnsureSuccess();
        (await Tmux("send-keys", "Enter")).EnsureSuccess();
    }

    /// <summary>Presses a key by tmux's name for it ("C-c" is Ctrl-C: the terminal sends SIGINT to the foreground job).</summary>
    public async Task PressAsync(string key) => (await Tmux("send-keys", key)).EnsureSuccess();

    /// <summary>The screen once it matches the regular expression <paramref name="needle"/>; throws with the screen after <paramref name="timeout"/>.</summary>
    public async Task<string> WaitForAsync(string needle, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            string text = (await Tmux("capture-pane", "-p", "-J", "-S", "-500")).EnsureSuccess().StdOut;
            if (System.Text.RegularExpressions.Regex.IsMatch(text, needle))
            {
                return text;
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"the terminal did not show '{needle}' within {timeout.TotalSeconds:0} s:\n{text}");
            }

            await Task.Delay(200);
        }
    }

    public void Dispose()
    {
        try
        {
            Tmux("kill-server").GetAwaiter().GetResult();
        }
        catch (InvalidOperationException)
        {
        }
    }

    private Task<ProcessResult> Tmux(params string[] arguments) =>
        ProcessRunner.RunAsync("tmux", ["-S", _socket, "-f", "/dev/null", .. arguments], _environment, _directory, null, TimeSpan.FromSeconds(20), default);

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
