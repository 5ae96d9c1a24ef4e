namespace GitEntraHelper.Diagnostics;

/// <summary>
/// A failure the user can act on. CommandLine prints <see cref="Exception.Message"/> as the one
/// `git-credential-entra: …` line on stderr, then each of <see cref="Hints"/> as a `hint:` line (git's own
/// shape, <see cref="FailureLines"/>), and exits with <see cref="ExitCode"/>; never a stack trace.
/// The message says what went wrong; hints carry the fix as commands one can paste. Never a secret.
/// </summary>
public sealed class HelperException : Exception
{
    public HelperException(string message, int exitCode = 1, Exception? inner = null)
        : base(message, inner) => ExitCode = exitCode;

    /// <summary>The exit code of a usage error (unknown command or argument), as git's own commands use.</summary>
    public const int UsageExitCode = 2;

    public int ExitCode { get; }

    /// <summary>The fix, one `hint:` line each (paste-able commands, ids support needs).</summary>
    public IReadOnlyList<string> Hints { get; init; } = [];

    /// <summary>
    /// True when no identity could be had without a human (not signed in, interaction off): a credential
    /// helper configured after this one (a PAT in a store, during a migration) may still serve, so `get`
    /// tells git to stop asking (quit=1) only when none follows. Every other failure of a request that is
    /// ours is definitive: git must not fall through to its password prompt.
    /// </summary>
    public bool OthersMayServe { get; init; }

    /// <summary>True when the user has seen the line already (printed the moment Ctrl-C arrived): CommandLine prints nothing more.</summary>
    public bool AlreadyShown { get; init; }

    /// <summary>The message and its hints as one text, for reports that are not a terminal's stderr (diagnose).</summary>
    public string MessageWithHints => Hints.Count == 0 ? Message : $"{Message}: {string.Join("; ", Hints.Select(h => h.Trim()))}";
}
