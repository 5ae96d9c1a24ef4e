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

    /// <summary>
    /// Stderr as messages: each `hint:` line folded into the line before it (a failure is one
    /// `git-credential-entra: …` line and its hints), every other line kept; empty lines dropped.
    /// </summary>
    public static IReadOnlyList<string> MessagesOf(string stderr)
    {
        var messages = new List<string>();
        foreach (string raw in stderr.Split('\n'))
        {
            string line = raw.TrimEnd('\r');
            if (line.StartsWith("hint: ", StringComparison.Ordinal) && messages.Count > 0)
            {
                messages[^1] += " " + line["hint: ".Length..].Trim();
            }
            else if (line.Length > 0)
            {
                messages.Add(line);
            }
        }

        return messages;
    }

    /// <summary>The helper's own messages (<see cref="MessagesOf"/>: its line and hints), git's lines left out.</summary>
    public IReadOnlyList<string> HelperMessages =>
        MessagesOf(StdErr).Where(l => l.StartsWith("git-credential-entra:", StringComparison.Ordinal)).ToList();

    /// <summary>The widest stderr line a failure may print: git's shape, one line then `hint:` lines (issue 20).</summary>
    public const int MaxFailureLineWidth = 160;

    /// <summary>
    /// Every failure any end-to-end test meets passes through here (<see cref="ProcessRunner"/>): a stderr line
    /// wider than <see cref="MaxFailureLineWidth"/> wraps over several rows of a terminal and hides what
    /// follows, so it fails the test. The server's own words (git's `remote:` lines) and trace lines
    /// (`[  12.00 ms] stage: …`, opted into) are not ours to shape.
    /// </summary>
    public ProcessResult CheckFailureLineWidth()
    {
        if (ExitCode == 0)
        {
            return this;
        }

        var wide = StdErr.Split('\n')
            .Select(l => l.TrimEnd('\r'))
            .Where(l => l.Length > MaxFailureLineWidth && !l.StartsWith("remote:", StringComparison.Ordinal) && !l.StartsWith('[') && !IsOneAddress(l))
            .ToList();
        return wide.Count == 0 ? this : throw new FailureLineTooWideException(this, wide);
    }

    /// <summary>A line that is one URL to copy (the sign-in address): splitting it would break it.</summary>
    private static bool IsOneAddress(string line) =>
        line.StartsWith("https://", StringComparison.Ordinal) && !line.Contains(' ', StringComparison.Ordinal);

    public override string ToString() =>
        $"$ {Command}\nexit code: {ExitCode} ({Duration.TotalMilliseconds:F0} ms)\n--- stdout ---\n{StdOut}\n--- stderr ---\n{StdErr}";
}

/// <summary>A failed process printed a stderr line wider than a terminal shows (<see cref="ProcessResult.CheckFailureLineWidth"/>).</summary>
public sealed class FailureLineTooWideException(ProcessResult result, IReadOnlyList<string> lines)
    : Exception($"`{result.Command}` failed with {lines.Count} stderr line(s) over {ProcessResult.MaxFailureLineWidth} characters:\n"
        + string.Join('\n', lines.Select(l => $"({l.Length}) {l}")) + "\n" + result);
