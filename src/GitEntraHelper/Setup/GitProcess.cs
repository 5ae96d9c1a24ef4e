using GitEntraHelper.Diagnostics;
using GitEntraHelper.Platform;

namespace GitEntraHelper.Setup;

/// <summary>The outcome of one git process.</summary>
public sealed record GitResult(int ExitCode, string Output, string Error)
{
    /// <summary>git's own first error line, without its "error: " / "fatal: " prefix.</summary>
    public string FirstErrorLine
    {
        get
        {
            string line = Error.Split('\n', 2)[0].Trim();
            foreach (string prefix in (string[])["error: ", "fatal: "])
            {
                if (line.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return line[prefix.Length..];
                }
            }

            return line.Length > 0 ? line : $"exit code {ExitCode}";
        }
    }
}

/// <summary>
/// Runs git for configure/unconfigure (these are one-off commands, so several processes are fine).
/// Environment overrides let tests point GIT_CONFIG_GLOBAL/GIT_CONFIG_SYSTEM at temporary files.
/// </summary>
public sealed class GitProcess
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly string _gitExecutable;
    private readonly Dictionary<string, string?> _environment;
    private readonly ICommandRunner _runner;

    public GitProcess(string gitExecutable = "git", IReadOnlyDictionary<string, string?>? environment = null, ICommandRunner? runner = null)
    {
        _gitExecutable = gitExecutable;
        // GIT_CONFIG would make `git config` read and write one named file instead of the scope we ask for.
        _environment = new Dictionary<string, string?> { [Variables.GitConfig] = null };
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            _environment[name] = value;
        }

        _runner = runner ?? new CommandRunner(ProcessEnvironmentVariables.Instance);
    }

    public GitResult Run(params string[] arguments) => Run(arguments, null, null);

    /// <summary>Runs git with <paramref name="input"/> on stdin (git's credential protocol) and extra variables set or removed (null).</summary>
    public GitResult Run(IReadOnlyList<string> arguments, string? input, IReadOnlyDictionary<string, string?>? environment)
    {
        var changes = new Dictionary<string, string?>(_environment);
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            changes[name] = value;
        }

        var command = new CommandSpec(_gitExecutable, arguments, Timeout) { EnvironmentChanges = changes, StandardInput = input };
        CommandResult result = _runner.RunAsync(command, CancellationToken.None).GetAwaiter().GetResult()
            ?? throw new HelperException("cannot run git: is it installed and on PATH?");
        return result.TimedOut
            ? throw new HelperException($"git {arguments[0]} did not finish within {Timeout.TotalSeconds:0} s")
            : new GitResult(result.ExitCode, result.StandardOutput, result.StandardError);
    }
}
