using GitEntraHelper.Platform;

namespace GitEntraHelper.Settings;

/// <summary>What the helper may do to reach a human in this process.</summary>
/// <param name="Allowed">False: silent acquisition only.</param>
/// <param name="Terminal">A terminal is reachable (device code can be shown).</param>
/// <param name="Desktop">A desktop session exists (a browser or broker window can be shown).</param>
/// <param name="Reason">Why interaction is off, for the error line ("GIT_TERMINAL_PROMPT=0"), else null.</param>
public sealed record InteractionDecision(bool Allowed, bool Terminal, bool Desktop, string? Reason)
{
    /// <summary>For commands that never sign anyone in (erase).</summary>
    public static InteractionDecision Off(string reason) => new(false, false, false, reason);
}

/// <summary>
/// The one place that decides whether a sign-in may wait for a human. Explicit "never" signals
/// (GIT_TERMINAL_PROMPT=0, credential.interactive=never) always win; CI=true / TF_BUILD, and having
/// neither a desktop session nor a terminal on stderr, are heuristics that
/// <see cref="InteractivePreference.Always"/> overrides.
/// </summary>
public static class InteractionPolicy
{
    /// <param name="preference">credential.interactive for the remote.</param>
    /// <param name="environment">The run's environment.</param>
    /// <param name="hasTerminal">A terminal can be opened (/dev/tty, CONOUT$) for a device code.</param>
    /// <param name="hasDesktop">A browser or broker window can reach the user.</param>
    /// <param name="stderrIsTerminal">git's stderr reaches a person (not a log file): a device code shown there is seen.</param>
    public static InteractionDecision Decide(
        InteractivePreference preference,
        Func<string, string?> environment,
        Func<bool> hasTerminal,
        Func<bool> hasDesktop,
        Func<bool> stderrIsTerminal)
    {
        if (GitBoolean.IsFalse(environment(Variables.GitTerminalPrompt)))
        {
            return new(false, false, false, "GIT_TERMINAL_PROMPT=0");
        }

        if (preference == InteractivePreference.Never)
        {
            return new(false, false, false, "credential.interactive or GCM_INTERACTIVE is 'never'");
        }

        bool always = preference == InteractivePreference.Always;
        if (!always && CiVariable(environment) is { } ci)
        {
            return new(false, false, false, ci);
        }

        bool terminal = hasTerminal();
        bool desktop = hasDesktop();
        if (always)
        {
            // The user asked for interaction without a detectable terminal: stderr still reaches them.
            return new(true, true, desktop, null);
        }

        if (!terminal && !desktop)
        {
            return new(false, false, false, "no terminal or desktop session");
        }

        // A device code on a redirected stderr (git clone 2>log) would reach no one; a browser still would.
        return desktop || stderrIsTerminal()
            ? new(true, terminal, desktop, null)
            : new(false, false, false, "stderr is not a terminal; set credential.interactive=always to sign in anyway");
    }

    /// <summary>
    /// Whether a yes/no question may be asked on the terminal (pat revoke): the same "never" signals and CI
    /// heuristics as a sign-in, and the answer must come from a terminal on stdin, so a script or a pipe is
    /// never asked and never waited for; even credential.interactive=always cannot make a pipe a person.
    /// </summary>
    public static InteractionDecision DecideConfirmation(InteractivePreference preference, Func<string, string?> environment, Func<bool> stdinIsTerminal)
    {
        InteractionDecision decision = Decide(preference, environment, stdinIsTerminal, static () => false, stdinIsTerminal);
        if (!decision.Allowed)
        {
            return decision;
        }

        return stdinIsTerminal() ? new(true, true, false, null) : new(false, false, false, "stdin is not a terminal");
    }

    /// <summary>Whether a browser or broker window can reach the user (not an SSH or container shell).</summary>
    public static bool HasDesktop(Func<string, string?> environment)
    {
        if (OperatingSystem.IsWindows())
        {
            return Environment.UserInteractive;
        }

        if (OperatingSystem.IsMacOS())
        {
            // Over SSH a browser would open on the Mac's screen, not in front of the user.
            return !IsSsh(environment);
        }

        return !string.IsNullOrWhiteSpace(environment(Variables.Display)) || !string.IsNullOrWhiteSpace(environment(Variables.WaylandDisplay));
    }

    /// <summary>An SSH session: a window would open on this machine's screen, not the user's.</summary>
    public static bool IsSsh(Func<string, string?> environment) =>
        !string.IsNullOrEmpty(environment(Variables.SshConnection)) || !string.IsNullOrEmpty(environment(Variables.SshTty));

    private static string? CiVariable(Func<string, string?> environment)
    {
        if (environment(Variables.Ci) is { } ci && GitBoolean.IsTrue(ci))
        {
            return "CI=" + ci.Trim();
        }

        // Azure Pipelines sets TF_BUILD instead of CI.
        if (environment(Variables.TfBuild) is { } tf && GitBoolean.IsTrue(tf))
        {
            return "TF_BUILD=" + tf.Trim();
        }

        return null;
    }
}
