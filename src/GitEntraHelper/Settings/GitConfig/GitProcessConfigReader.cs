using GitEntraHelper.Diagnostics;
using GitEntraHelper.Platform;

namespace GitEntraHelper.Settings.GitConfig;

/// <summary>
/// <c>git config --null --get-urlmatch credential URL</c>: git itself applies URL matching, `-c`,
/// includes and includeIf. Output is "key\nvalue\0" records; exit code 1 means "no such keys". A run
/// reads the whole view once; the protected and system views (<see cref="ConfigView"/>) only when a
/// setting needs them.
/// </summary>
public sealed class GitProcessConfigReader : IGitConfigReader
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Never a repository: pointing GIT_DIR here leaves out the local and worktree scopes.</summary>
    private static readonly string NoRepository = OperatingSystem.IsWindows() ? "NUL" : "/dev/null";

    private readonly HelperTrace _trace;
    private readonly ICommandRunner _runner;
    private readonly string _gitExecutable;
    private readonly IReadOnlyDictionary<string, string>? _environmentOverrides;

    /// <param name="trace">Where the timing goes.</param>
    /// <param name="runner">Starts git.</param>
    /// <param name="gitExecutable">git on PATH unless told otherwise.</param>
    /// <param name="environmentOverrides">Variables set for the git process only (tests isolate git's config this way).</param>
    public GitProcessConfigReader(HelperTrace trace, ICommandRunner runner, string gitExecutable = "git", IReadOnlyDictionary<string, string>? environmentOverrides = null)
    {
        _trace = trace;
        _runner = runner;
        _gitExecutable = gitExecutable;
        _environmentOverrides = environmentOverrides;
    }

    public IReadOnlyDictionary<string, string> ReadCredentialSection(string url, ConfigView view = ConfigView.All)
    {
        using var timer = _trace.Time($"settings: git config ({view})");
        List<string> arguments = view == ConfigView.System
            ? ["config", "--system", "--null", "--get-urlmatch", "credential", url]
            : ["config", "--null", "--get-urlmatch", "credential", url];
        var command = new CommandSpec(_gitExecutable, arguments, Timeout) { EnvironmentChanges = EnvironmentFor(view) };

        CommandResult result;
        try
        {
            result = _runner.RunAsync(command, CancellationToken.None).GetAwaiter().GetResult()
                ?? throw new HelperException("cannot run git to read its configuration: is git installed and on PATH?");
        }
        catch (IOException e)
        {
            throw new HelperException($"cannot run git to read its configuration: {e.Message}", 1, e);
        }

        if (result.TimedOut)
        {
            throw new HelperException($"git config did not answer within {Timeout.TotalSeconds:0} s");
        }

        if (result.ExitCode is not 0 and not 1)
        {
            string firstLine = result.StandardError.Split('\n', 2)[0].Trim();
            throw new HelperException($"git config failed (exit {result.ExitCode}): {firstLine}");
        }

        var values = Parse(result.StandardOutput);
        _trace.Write("settings", $"git config gave {values.Count} credential.* key(s) for {url} ({view})");
        return values;
    }

    private Dictionary<string, string?> EnvironmentFor(ConfigView view)
    {
        // GIT_CONFIG makes `git config` read only that file; git itself ignores it when it calls us.
        var changes = new Dictionary<string, string?> { [Variables.GitConfig] = null };
        if (view != ConfigView.All)
        {
            changes[Variables.GitDir] = NoRepository;
        }

        if (view == ConfigView.System)
        {
            // The system file git was built with, whatever the caller's environment says.
            foreach (string name in (string[])[Variables.GitConfigSystem, Variables.GitConfigNoSystem, Variables.GitConfigParameters, Variables.GitConfigCount])
            {
                changes[name] = null;
            }
        }

        if (_environmentOverrides is not null)
        {
            foreach (var (name, value) in _environmentOverrides)
            {
                changes[name] = value;
            }
        }

        return changes;
    }

    /// <summary>Parses "key\nvalue\0" records; a key without a value (no '\n') means boolean true.</summary>
    internal static Dictionary<string, string> Parse(string output)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string record in output.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            int newline = record.IndexOf('\n', StringComparison.Ordinal);
            string key = newline < 0 ? record : record[..newline];
            string value = newline < 0 ? "true" : record[(newline + 1)..];
            values[key.Trim()] = value;
        }

        return values;
    }
}
