namespace GitEntraHelper.Diagnostics;

/// <summary>
/// A failure the user can act on. Program prints <see cref="Exception.Message"/> as the one line on
/// stderr (prefixed with the program name) and exits with <see cref="ExitCode"/>; never a stack trace.
/// The message must name what to fix and must never contain a secret.
/// </summary>
public sealed class HelperException : Exception
{
    public HelperException(string message, int exitCode = 1, Exception? inner = null)
        : base(message, inner) => ExitCode = exitCode;

    /// <summary>The exit code of a usage error (unknown command or argument), as git's own commands use.</summary>
    public const int UsageExitCode = 2;

    public int ExitCode { get; }
}
