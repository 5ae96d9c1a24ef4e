using GitEntraHelper.Diagnostics;
using GitEntraHelper.Platform;
using GitEntraHelper.Setup;
using GitEntraHelper.Setup.Migration;

namespace GitEntraHelper.Commands;

/// <summary>
/// `migrate [--apply] [--system]`: finds what answers git for Azure DevOps today and the secrets it holds
/// (<see cref="CredentialSurvey"/>), prints them — host, organization, user name, never a secret — and what
/// --apply would change; with --apply does it (<see cref="MigrationApply"/>) and says how to undo. Without
/// --apply nothing is written anywhere.
/// </summary>
public static class MigrateCommand
{
    public static string Usage => Help.HelpCatalogue.UsageOf("migrate");

    public static int Run(IReadOnlyList<string> args, SetupHost host, IEnvironmentVariables environment)
    {
        bool apply = false;
        var scope = GitConfigScope.Global;
        foreach (string arg in args)
        {
            switch (arg)
            {
                case "--apply":
                    apply = true;
                    break;
                case "--system":
                    scope = GitConfigScope.System;
                    break;
                default:
                    return host.Usage($"unknown option '{arg}'", Usage);
            }
        }

        return host.Guard(() =>
        {
            string home = environment.Get(Variables.Home) is { Length: > 0 } h ? h
                : environment.Get(Variables.UserProfile) is { Length: > 0 } profile ? profile
                : throw new HelperException("HOME is not set: cannot tell where git's credential files are");
            var survey = new CredentialSurvey(host.Git, home, environment.Get(Variables.XdgConfigHome));
            MigrationPlan plan = MigrationPlan.Survey(survey);
            var output = new Lines(host.Output);
            Report(plan, apply, scope, output);
            if (!apply)
            {
                return 0;
            }

            var notes = new List<string>();
            string helper = HelperValue.For(host.ExecutablePath, host.PathVariable, host.IsWindows);
            output.Write("");
            output.Write("Done:");
            foreach (string line in MigrationApply.Run(plan, survey, host.Git, scope, helper, notes))
            {
                output.Write("  " + line);
            }

            foreach (string note in notes)
            {
                output.Write($"note: {note}");
            }

            output.Write("");
            output.Write($"To undo: git credential-entra unconfigure{(scope == GitConfigScope.System ? " --system" : "")} (the old helpers answer again);"
                + " the removed secrets were not kept anywhere, so an old helper asks for (or makes) a new PAT");
            foreach (string organization in Organizations(plan))
            {
                output.Write($"Next: retire the PATs themselves: git credential-entra pat list --org {organization}, then pat revoke --org {organization} ID... (or --all)");
            }

            return 0;
        });
    }

    private static void Report(MigrationPlan plan, bool apply, GitConfigScope scope, Lines output)
    {
        output.Write(apply
            ? "git-credential-entra migrate --apply"
            : "git-credential-entra migrate: a dry run, nothing is changed (add --apply to make the changes listed at the end)");
        output.Write("");
        output.Write("What answers git for Azure DevOps today (helpers in the order git asks them):");
        foreach (HelperChain chain in plan.Chains)
        {
            string helpers = chain.Helpers.Count == 0 ? "no helper (git prompts for a user name and password)" : string.Join(", then ", chain.Helpers);
            output.Write($"  {chain.Url}: {helpers}{(chain.OursFirst ? "  [this helper answers first]" : "")}");
        }

        output.Write("");
        output.Write(plan.Credentials.Count == 0 ? "Stored Azure DevOps credentials: none found" : "Stored Azure DevOps credentials (secrets never shown):");
        foreach (StoredCredential credential in plan.Credentials)
        {
            output.Write($"  {MigrationApply.Describe(credential)}{(credential.IsEntraToken ? "  [kept: expires by itself]" : "")}");
        }

        if (plan.Remotes.Count > 0)
        {
            output.Write("");
            output.Write("Remote URLs of this repository that carry a secret (git sends it before asking any helper):");
            foreach (RemoteSecret remote in plan.Remotes)
            {
                output.Write($"  {remote.Key}: {remote.Host} (organization {remote.Organization ?? "not recorded"}, user {remote.Username ?? "(none)"}); fix: {remote.FixCommand}");
            }
        }

        foreach (var (file, kept) in plan.OtherEntries)
        {
            output.Write($"Kept byte for byte: {kept} other entr{(kept == 1 ? "y" : "ies")} in {file}");
        }

        output.Write("");
        int secrets = plan.Secrets.Count();
        output.Write(apply ? "Changes:" : "--apply would:");
        output.Write($"  remove {secrets} stored secret(s) through the helper that stored them (git credential reject), and any more those helpers hold");
        output.Write($"  configure the {scope.Describe()} git config for this helper, as `git credential-entra configure{(scope == GitConfigScope.System ? " --system" : "")}`");
        output.Write($"  rewrite {plan.Remotes.Count} remote URL(s) of this repository without the secret");
    }

    private static IEnumerable<string> Organizations(MigrationPlan plan) =>
        plan.Secrets.Select(c => c.Organization).Concat(plan.Remotes.Select(r => r.Organization)).OfType<string>().Distinct(StringComparer.Ordinal);

    /// <summary>Every line through the redactor: a secret that slipped into a name would still not be printed.</summary>
    private sealed class Lines(TextWriter output)
    {
        public void Write(string line) => output.WriteLine(Redactor.Scrub(line));
    }
}
