namespace GitEntraHelper.EndToEndTests.Infrastructure;

/// <summary>What a finished process left behind.</summary>
public sealed record ProcessResult(string Command, int ExitCode, string StdOut, string StdErr, TimeSpan Duration)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>Throws with the command, exit code and both streams unless the process exited 0.</summary>
    public ProcessResult EnsureSuccess()
    {
        if (ExitCode != 0)
        {
            throw new InvalidOperationException($"`{Command}` exited {ExitCode}.\n{this}");
        }

        return this;
    }

    /// <summary>Stdout's lines without the trailing empty one.</summary>
    public IReadOnlyList<string> StdOutLines => StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public override string ToString() =>
        $"$ {Command}\nexit code: {ExitCode} ({Duration.TotalMilliseconds:F0} ms)\n--- stdout ---\n{StdOut}\n--- stderr ---\n{StdErr}";
}
