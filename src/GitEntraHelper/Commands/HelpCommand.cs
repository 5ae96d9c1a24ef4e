using System.Text;
using GitEntraHelper.Settings;

namespace GitEntraHelper.Commands;

/// <summary>`--help`: commands, every configuration key and environment variable (from the catalogue).</summary>
public static class HelpCommand
{
    public const string Usage = "usage: git-credential-entra <get|store|erase|token|diagnose|account|pat|migrate|configure|unconfigure|logout|--help|--version>";

    public static int Run(TextWriter output)
    {
        output.Write(Text());
        return 0;
    }

    public static string Text()
    {
        var text = new StringBuilder();
        text.AppendLine("git-credential-entra: a git credential helper for Azure DevOps using Microsoft Entra ID tokens.");
        text.AppendLine();
        text.AppendLine(Usage);
        text.AppendLine();
        text.AppendLine("Commands (git calls the first three; see gitcredentials(7)):");
        text.AppendLine("  get         answer git's request with an Entra access token for Azure DevOps");
        text.AppendLine("  store       accept git's report that the token worked (tokens stay in the token cache)");
        text.AppendLine("  erase       forget a token Azure DevOps rejected, so it is never handed out again");
        text.AppendLine("  token [--org ORG | --url URL] [--format raw|header|json]");
        text.AppendLine("              print an Azure DevOps access token for REST calls (header: for curl -H @-)");
        text.AppendLine("  diagnose [URL]");
        text.AppendLine("              check each stage of getting a token for URL (default: origin); exit 1 on a failed check");
        text.AppendLine("  account list | bind ORG USER | unbind ORG");
        text.AppendLine("              which signed-in account each organization uses (the first sign-in binds it)");
        text.AppendLine("  pat list (--org ORG | --url URL)");
        text.AppendLine("              your personal access tokens in the organization: name, scope, expiry; full-access and long-lived ones marked");
        text.AppendLine("  pat revoke (--org ORG | --url URL) (ID... | --all | --expiring-after YYYY-MM-DD) [--yes]");
        text.AppendLine("              revoke them (asks on a terminal; --yes where nobody can be asked)");
        text.AppendLine("  migrate [--apply] [--system]");
        text.AppendLine("              find the PATs and helpers that answer git for Azure DevOps; --apply removes the stored PATs,");
        text.AppendLine("              configures this helper and cleans remote URLs (a dry run without it)");
        text.AppendLine("  configure [--system] [--org ORG]... [--url URL]...");
        text.AppendLine("              make git use this helper for Azure DevOps (global config, or --system for all users)");
        text.AppendLine("  unconfigure [--system]");
        text.AppendLine("              remove exactly what configure wrote");
        text.AppendLine("  logout ORG | --all");
        text.AppendLine("              sign out the account used for organization ORG, or remove every cached token");
        text.AppendLine("  --help      this text");
        text.AppendLine("  --version   the version");
        text.AppendLine();
        text.AppendLine("Requests for other hosts get no answer (exit 0), so git asks its next helper.");
        text.AppendLine();

        var keys = SettingKeys.All.Where(k => k.Kind == SettingKind.Setting).ToList();
        text.AppendLine("Configuration (git config; may be URL-specific, e.g. credential.https://dev.azure.com/contoso.KEY):");
        foreach (SettingKey key in keys)
        {
            if (key.GitConfigKey is { } name)
            {
                AppendEntry(text, name, key);
            }
        }

        text.AppendLine();
        text.AppendLine("Environment variables (override git config):");
        var variables = new List<SettingKey>();
        foreach (SettingKey key in keys)
        {
            if (key.EnvironmentVariable is not null)
            {
                variables.Add(key);
            }
        }

        variables.Sort(static (a, b) => string.CompareOrdinal(a.EnvironmentVariable, b.EnvironmentVariable));
        foreach (SettingKey key in variables)
        {
            AppendEntry(text, key.EnvironmentVariable!, key);
        }

        text.AppendLine();
        text.AppendLine("Also read from the environment (where the helper runs; not settings):");
        foreach (SettingKey key in SettingKeys.All.Where(k => k.Kind == SettingKind.Context).OrderBy(k => k.EnvironmentVariable, StringComparer.Ordinal))
        {
            AppendEntry(text, key.EnvironmentVariable!, key);
        }

        return text.ToString();
    }

    private static void AppendEntry(StringBuilder text, string name, SettingKey key)
    {
        text.Append("  ").Append(name);
        if (key.GitConfigKey is not null && key.EnvironmentVariable is not null)
        {
            text.Append(" (").Append(name == key.GitConfigKey ? key.EnvironmentVariable : key.GitConfigKey).Append(')');
        }

        text.AppendLine();
        text.Append("      ").Append(key.Description);
        if (key.DefaultValue is not null)
        {
            text.Append(" [default: ").Append(key.DefaultValue).Append(']');
        }

        text.AppendLine();
    }
}
