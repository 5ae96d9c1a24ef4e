namespace GitEntraHelper.EndToEndTests.Infrastructure;

/// <summary>A process ran past its time-out; it and its children were killed.</summary>
public sealed class ProcessTimeoutException(string command, TimeSpan timeout, string stdOut, string stdErr)
    : Exception($"`{command}` did not finish within {timeout.TotalSeconds:F1} s and was killed (with its children).\n" +
                $"--- stdout so far ---\n{stdOut}\n--- stderr so far ---\n{stdErr}")
{
    public TimeSpan Timeout { get; } = timeout;
}
