using GitEntraHelper.Setup.Migration;

namespace GitEntraHelper.Commands;

/// <summary>
/// diagnose's "helpers" check: the helpers git runs for the URL, in order, as git builds the list (every
/// credential.helper and matching credential.&lt;url&gt;.helper over system, global, local and command-line
/// config, an empty value resetting it; gitcredentials(7), <see cref="CredentialSurvey.Chain"/>). Ours must
/// be first: git takes the first helper that answers, and after a success it asks every helper to store
/// the token, so a store, cache or keychain helper before ours keeps a copy of it and answers with that
/// (or a stale PAT) next time.
/// </summary>
internal static class DiagnoseHelpers
{
    public static void Report(GitHelperList helpers, DiagnoseReport report, string url)
    {
        if (helpers.Survey is not { } survey)
        {
            report.Fail("helpers", $"cannot read git's helper list: {helpers.Problem}");
            return;
        }

        IReadOnlyList<CredentialHelper> chain = survey.Chain(url);
        string order = string.Join(", then ", chain.Select(h => h.ToString()));
        int ours = GitHelperList.IndexOfOurs(chain);
        if (ours < 0)
        {
            report.Fail("helpers", chain.Count == 0
                ? "git runs no credential helper for this URL: run `git credential-entra configure`"
                : $"git runs {order}, not this helper: run `git credential-entra configure`");
            return;
        }

        if (ours == 0)
        {
            report.Ok("helpers", $"git asks {order}");
            return;
        }

        CredentialHelper first = chain[0];
        report.Fail("helpers", $"git asks {first} before this helper, which answers first and keeps copies of tokens (order: {order})");
        report.Info("fix", Fix(first));
    }

    // A paste-able command that removes exactly that line from the file it is in (the origin is the
    // file's path as git printed it, or "command line:" / "blob:…" for what no file holds).
    private static string Fix(CredentialHelper helper)
    {
        string origin = helper.Origin;
        bool file = !origin.StartsWith("command line", StringComparison.Ordinal) && !origin.StartsWith("blob:", StringComparison.Ordinal)
            && !origin.StartsWith("standard input", StringComparison.Ordinal);
        return file
            ? $"remove it with `git config --file {Quote(origin)} --unset-all credential.helper '^{System.Text.RegularExpressions.Regex.Escape(helper.Value)}$'`"
            : $"remove it from {origin}";
    }

    // "~/" stays unquoted so the shell expands it; anything else with a blank or quote is single-quoted.
    private static string Quote(string path) => path.Contains(' ', StringComparison.Ordinal) || path.Contains('\'', StringComparison.Ordinal)
        ? "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'"
        : path;
}
