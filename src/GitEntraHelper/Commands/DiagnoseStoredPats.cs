using GitEntraHelper.Protocol;
using GitEntraHelper.Setup.Migration;

namespace GitEntraHelper.Commands;

/// <summary>
/// diagnose's "stored PAT" check: a secret that would answer git for the URL before this helper does —
/// in the remote URL itself (git uses it before any helper), or held by a helper git asks first (the
/// store helper's lines, another helper's answer to `git credential fill`, asked as migrate asks:
/// nobody prompted, no network). Names where it is and the fix, never the secret.
/// </summary>
internal static class DiagnoseStoredPats
{
    public static void Report(GitHelperList helpers, DiagnoseReport report, string url)
    {
        if (StoreFile.ParseUrl(url) is { Password: not null } inUrl)
        {
            report.Fail("stored PAT", $"the remote URL carries a password for {inUrl.Host} (user {inUrl.Username ?? "(none)"}): git sends it before asking any helper; run `git credential-entra migrate --apply` in the repository, or git remote set-url with the URL without user information");
        }

        if (GitUrl.Parse(url) is not { } parts || !parts.Protocol.Equals("https", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        if (helpers.Survey is not { } survey)
        {
            report.Info("stored PAT", $"not checked: {helpers.Problem}");
            return;
        }

        string home = helpers.Home;
        string? xdgConfigHome = helpers.XdgConfigHome;

        string path = (parts.Path ?? "").Trim('/');
        string clean = $"https://{parts.Host}{(path.Length > 0 ? "/" + path : "")}";
        int found = 0;
        foreach (CredentialHelper helper in survey.Chain(clean).TakeWhile(h => h.Kind != "entra"))
        {
            foreach (StoredCredential credential in Held(survey, helper, parts.Host, path, home, xdgConfigHome).Where(c => !c.IsEntraToken))
            {
                found++;
                report.Fail("stored PAT", $"{MigrationApply.Describe(credential)} answers git for this URL before git-credential-entra: run `git credential-entra migrate --apply`");
            }
        }

        if (found == 0)
        {
            report.Ok("stored PAT", "no stored password or PAT answers git for this URL before this helper");
        }
    }

    private static IEnumerable<StoredCredential> Held(CredentialSurvey survey, CredentialHelper helper, string host, string path, string home, string? xdgConfigHome)
    {
        if (helper.Kind == "store")
        {
            // The files this store reads, in its order; a line matches as git matches it (same host, its path a prefix).
            return helper.StoreFiles(home, xdgConfigHome)
                .SelectMany(file => survey.ReadStoreFile(file).Ours)
                .Where(c => c.Host.Equals(host, StringComparison.OrdinalIgnoreCase) && (c.Path is null || path == c.Path || path.StartsWith(c.Path + "/", StringComparison.Ordinal)))
                .DistinctBy(c => c.Where);
        }

        StoredCredential? answer = survey.Query.Fill(helper, "https", host, path.Length > 0 ? path : null, null);
        return answer is null ? [] : [answer];
    }
}
