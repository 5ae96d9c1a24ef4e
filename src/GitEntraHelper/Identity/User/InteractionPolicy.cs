using GitEntraHelper.Settings;

namespace GitEntraHelper.Identity.User;

/// <summary>What the helper may do to reach a human in this process.</summary>
/// <param name="Allowed">False: silent acquisition only.</param>
/// <param name="Terminal">A terminal is reachable (device code can be shown).</param>
/// <param name="Desktop">A desktop session exists (a browser or broker window can be shown).</param>
/// <param name="Reason">Why interaction is off, for the error line ("GIT_TERMINAL_PROMPT=0"), else null.</param>
internal sealed record InteractionDecision(bool Allowed, bool Terminal, bool Desktop, string? Reason);

/// <summary>
/// Decides whether a sign-in may wait for a human. Explicit "never" signals (GIT_TERMINAL_PROMPT=0,
/// credential.interactive=never) always win; CI=true and the absence of both a terminal and a desktop
/// session are heuristics that <see cref="InteractivePreference.Always"/> overrides.
/// </summary>
internal static class InteractionPolicy
{
    public static InteractionDecision Decide(
        InteractivePreference preference,
        Func<string, string?> environment,
        Func<bool> hasTerminal,
        Func<bool> hasDesktop)
    {
        if (environment("GIT_TERMINAL_PROMPT") is { } prompt && IsFalse(prompt))
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

        return terminal || desktop
            ? new(true, terminal, desktop, null)
            : new(false, false, false, "no terminal or desktop session");
    }

    private static string? CiVariable(Func<string, string?> environment)
    {
        if (environment("CI") is { } ci && IsTrue(ci))
        {
            return "CI=" + ci.Trim();
        }

        // Azure Pipelines sets TF_BUILD instead of CI.
        if (environment("TF_BUILD") is { } tf && IsTrue(tf))
        {
            return "TF_BUILD=" + tf.Trim();
        }

        return null;
    }

    private static bool IsFalse(string value) =>
        value.Trim() is "0" || value.Trim().Equals("false", StringComparison.OrdinalIgnoreCase)
        || value.Trim().Equals("no", StringComparison.OrdinalIgnoreCase) || value.Trim().Equals("off", StringComparison.OrdinalIgnoreCase);

    private static bool IsTrue(string value) =>
        value.Trim() is "1" || value.Trim().Equals("true", StringComparison.OrdinalIgnoreCase)
        || value.Trim().Equals("yes", StringComparison.OrdinalIgnoreCase) || value.Trim().Equals("on", StringComparison.OrdinalIgnoreCase);
}
