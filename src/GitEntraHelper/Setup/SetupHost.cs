using GitEntraHelper.Diagnostics;
using GitEntraHelper.Platform;

namespace GitEntraHelper.Setup;

/// <summary>What configure/unconfigure touch outside themselves: output, git, where this program is.</summary>
public sealed class SetupHost
{
    public required TextWriter Output { get; init; }

    public required TextWriter Error { get; init; }

    public required GitProcess Git { get; init; }

    /// <summary>This executable (the value written to git config is derived from it).</summary>
    public required string ExecutablePath { get; init; }

    public string? PathVariable { get; init; }

    public bool IsWindows { get; init; } = OperatingSystem.IsWindows();

    /// <summary>The same host with informational output dropped (--quiet); failures still reach stderr.</summary>
    public SetupHost Quiet() => new()
    {
        Output = TextWriter.Null,
        Error = Error,
        Git = Git,
        ExecutablePath = ExecutablePath,
        PathVariable = PathVariable,
        IsWindows = IsWindows,
    };

    public static SetupHost ForProcess() => new()
    {
        Output = Console.Out,
        Error = Console.Error,
        Git = new GitProcess(),
        ExecutablePath = HelperExecutable.ForGit(Environment.ProcessPath ?? throw new HelperException("cannot tell where git-credential-entra is installed")),
        PathVariable = Environment.GetEnvironmentVariable(Variables.Path),
    };

    /// <summary>Runs a setup command: a failure is one line on stderr and a non-zero exit code.</summary>
    public int Guard(Func<int> command)
    {
        try
        {
            return command();
        }
        catch (HelperException e)
        {
            FailureLines.Write(Error, e.Message, e.Hints);
            return e.ExitCode == 0 ? 1 : e.ExitCode;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            FailureLines.Write(Error, e.Message, []);
            return 1;
        }
    }

    public int Usage(string message, string usage)
    {
        FailureLines.Write(Error, message, []);
        Error.WriteLine(usage);
        return 2;
    }
}
