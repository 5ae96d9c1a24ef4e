using GitEntraHelper.Diagnostics;
using GitEntraHelper.Protocol;
using GitEntraHelper.Setup.Migration;

namespace GitEntraHelper.Commands;

/// <summary>
/// `quit=1` after a failed `get` for a request that is ours. git-credential(1): a helper that answers
/// quit stops git from asking later helpers and the user; git reads the answer before the exit code
/// (credential.c, run_credential_helper then credential_fill's `die("credential helper '%s' told us to
/// quit")`, the same in 2.39 and ≥ 2.46). Without it the next thing on the terminal after our one line is
/// git's `Username for 'https://…':` — an invitation to paste a PAT — or, without a terminal, a second,
/// misleading `fatal: could not read Username`. A failure another helper could still serve
/// (<see cref="HelperException.OthersMayServe"/>) quits only when no helper follows ours for this URL.
/// </summary>
internal static class GitQuit
{
    public static void Tell(HelperContext context, CredentialRequest request, HelperException failure)
    {
        if (failure.ExitCode == HelperException.UsageExitCode)
        {
            return;
        }

        if (failure.OthersMayServe && HelperFollows(context, request))
        {
            context.Trace.WriteText("protocol", "no quit: a credential helper after this one may answer");
            return;
        }

        try
        {
            CredentialWriter.Write(context.Output, new CredentialResponse().Add("quit", "1"), context.Trace);
        }
        catch (IOException e)
        {
            context.Trace.Write("protocol", $"cannot tell git to quit: {e.Message}"); // git has gone; the line on stderr still says why
        }
    }

    /// <summary>Whether git's helper list for this URL (gitcredentials(7)) has another helper after ours.</summary>
    private static bool HelperFollows(HelperContext context, CredentialRequest request)
    {
        GitHelperList helpers = GitHelperList.Read(context);
        if (helpers.Survey is null)
        {
            context.Trace.Write("protocol", $"cannot read git's helper list ({helpers.Problem}); telling git to quit");
            return false;
        }

        IReadOnlyList<CredentialHelper> chain = helpers.Survey.Chain(request.ToUrl());
        int ours = GitHelperList.IndexOfOurs(chain);
        return ours < 0 ? chain.Count > 0 : ours < chain.Count - 1;
    }
}
