namespace GitEntraHelper.Setup.Migration;

/// <summary>One Azure DevOps URL and the helpers git asks for it, in order.</summary>
public sealed record HelperChain(string Url, IReadOnlyList<CredentialHelper> Helpers)
{
    /// <summary>The first helper is this one: nothing older answers first.</summary>
    public bool OursFirst => Helpers.Count > 0 && Helpers[0].Kind == "entra";
}

/// <summary>A question asked of an old helper (repeated after a reject, to find the next entry it holds).</summary>
public sealed record HelperQuestion(CredentialHelper Helper, string Protocol, string Host, string? Path, string? Organization);

/// <summary>
/// Everything migrate found — what answers git for each Azure DevOps URL it knows of, the credentials the
/// old helpers hold for those hosts, the other entries of the store files (kept), and remote URLs with a
/// secret — and so what --apply would change.
/// </summary>
public sealed record MigrationPlan(
    IReadOnlyList<HelperChain> Chains,
    IReadOnlyList<StoredCredential> Credentials,
    IReadOnlyList<(string File, int Kept)> OtherEntries,
    IReadOnlyList<RemoteSecret> Remotes,
    IReadOnlyList<HelperQuestion> Questions,
    IReadOnlyList<string> DeclaredHosts)
{
    /// <summary>Credentials --apply removes: not Entra tokens, which expire by themselves and are no PAT.</summary>
    public IEnumerable<StoredCredential> Secrets => Credentials.Where(c => !c.IsEntraToken);

    public static MigrationPlan Survey(CredentialSurvey survey)
    {
        var credentials = new List<StoredCredential>();
        var others = new List<(string, int)>();
        foreach (string file in survey.StoreFiles())
        {
            var (ours, kept) = survey.ReadStoreFile(file);
            credentials.AddRange(ours);
            if (kept > 0)
            {
                others.Add((survey.Display(file), kept));
            }
        }

        IReadOnlyList<RemoteSecret> remotes = survey.RemoteSecrets();
        var urls = new List<string> { "https://dev.azure.com" };
        urls.AddRange(survey.Hosts.Declared);
        urls.AddRange(credentials.Select(c => AzureDevOpsHosts.Describe(c.Host, c.Organization)));
        urls.AddRange(remotes.Select(r => AzureDevOpsHosts.Describe(r.Host, r.Organization)));
        var chains = urls.Distinct(StringComparer.OrdinalIgnoreCase).Select(u => new HelperChain(u, survey.Chain(u))).ToList();

        var questions = new List<HelperQuestion>();
        foreach (HelperChain chain in chains)
        {
            var uri = new Uri(chain.Url);
            string host = uri.IsDefaultPort ? uri.Host : uri.Authority;
            string? path = uri.AbsolutePath.Trim('/') is { Length: > 0 } p ? p : null;
            foreach (CredentialHelper helper in chain.Helpers.Where(h => h.Kind is not ("store" or "entra")))
            {
                var question = new HelperQuestion(helper, "https", host, path, survey.Hosts.Organization("https", host, path));
                if (!questions.Contains(question))
                {
                    questions.Add(question);
                }
            }
        }

        foreach (HelperQuestion question in questions)
        {
            if (survey.Query.Fill(question.Helper, question.Protocol, question.Host, question.Path, question.Organization) is { } answer
                && !credentials.Any(c => c.Helper.Value == answer.Helper.Value && c.SameAs(answer)))
            {
                credentials.Add(answer);
            }
        }

        return new MigrationPlan(chains, credentials, others, remotes, questions, survey.Hosts.Declared);
    }
}
