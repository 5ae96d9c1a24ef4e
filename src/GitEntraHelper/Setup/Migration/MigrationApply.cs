using GitEntraHelper.Diagnostics;

namespace GitEntraHelper.Setup.Migration;

/// <summary>
/// What `migrate --apply` does, in this order: each stored Azure DevOps secret is rejected through the
/// helper that holds it (which keeps every other entry as it was; a helper asked again until it has no
/// more), git is configured for this helper (<see cref="GitConfigSetup"/>, exactly what `configure` writes,
/// declared hosts included), and this repository's remote URLs lose their secret. Returns one line per change.
/// </summary>
public static class MigrationApply
{
    /// <summary>A helper that keeps answering after a reject is not erasing: stop asking.</summary>
    private const int MaximumRejectsPerQuestion = 20;

    public static IReadOnlyList<string> Run(MigrationPlan plan, CredentialSurvey survey, GitProcess git, GitConfigScope scope, string helperValue, List<string> notes)
    {
        var done = new List<string>();
        foreach (StoredCredential credential in plan.Secrets)
        {
            survey.Query.Reject(credential);
            done.Add($"removed {Describe(credential)} through {credential.Helper.Value.Split(' ')[0]} (git credential reject)");
        }

        foreach (HelperQuestion question in plan.Questions)
        {
            for (int i = 0; i < MaximumRejectsPerQuestion; i++)
            {
                if (survey.Query.Fill(question.Helper, question.Protocol, question.Host, question.Path, question.Organization) is not { IsEntraToken: false } more)
                {
                    break;
                }

                survey.Query.Reject(more);
                done.Add($"removed {Describe(more)} through {question.Helper.Value.Split(' ')[0]} (git credential reject)");
            }
        }

        var setup = new GitConfigSetup(git, scope);
        var extraUrls = plan.DeclaredHosts.Select(SetupTarget.NormalizeUrl).OfType<string>().ToList();
        IReadOnlyList<SetupTarget> targets = SetupTarget.Plan([], extraUrls, setup.ReadGitVersion(), notes);
        IReadOnlyList<ConfigChange> changes = setup.Configure(targets, helperValue);
        done.Add(changes.Count == 0
            ? $"git-credential-entra was already configured in the {scope.Describe()} git config"
            : $"configured the {scope.Describe()} git config for Azure DevOps ({changes.Count} line(s); `git credential-entra configure` writes the same)");
        done.AddRange(changes.Select(c => $"  {c}"));

        foreach (RemoteSecret remote in plan.Remotes)
        {
            // A value pattern without the secret: a command line is visible to every process on the machine.
            GitResult result = git.Run("config", "--local", "--replace-all", remote.Key, remote.CleanUrl, WithAnyUserInformation(remote.CleanUrl));
            if (result.ExitCode != 0)
            {
                throw new HelperException($"cannot rewrite {remote.Key}: {Redactor.Scrub(result.FirstErrorLine)}; run: {remote.FixCommand}");
            }

            done.Add($"{remote.Key} is now {remote.CleanUrl} (its secret removed)");
        }

        return done;
    }

    /// <summary>A POSIX regex for <paramref name="cleanUrl"/> with user information (any) after its scheme.</summary>
    internal static string WithAnyUserInformation(string cleanUrl)
    {
        int scheme = cleanUrl.IndexOf("://", StringComparison.Ordinal) + 3;
        string Escape(string text) => GitConfigSetup.ExactValuePattern(text)[1..^1];
        return "^" + Escape(cleanUrl[..scheme]) + "[^/]*@" + Escape(cleanUrl[scheme..]) + "$";
    }

    /// <summary>"dev.azure.com/contoso (user alice) in ~/.git-credentials line 2" — never the secret.</summary>
    public static string Describe(StoredCredential c) =>
        $"{c.Host}{(c.Path is null ? "" : "/" + c.Path)} (organization {c.Organization ?? "not recorded"}, user {c.Username ?? "(none)"}, {c.SecretKind}) in {c.Where}";
}
