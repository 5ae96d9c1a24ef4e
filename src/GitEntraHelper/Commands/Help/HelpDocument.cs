using GitEntraHelper.Settings;

namespace GitEntraHelper.Commands.Help;

/// <summary>One term and what it means: a command with its arguments, or a setting.</summary>
public sealed record HelpEntry(string Term, IReadOnlyList<string> Paragraphs);

/// <summary>A titled part of a help page: paragraphs, then entries.</summary>
public sealed record HelpSection(string Heading, IReadOnlyList<string> Paragraphs, IReadOnlyList<HelpEntry> Entries);

/// <summary>
/// The complete manual, as data: `--help` prints it as text, `help --man` as roff and `help --html` as
/// HTML (<see cref="HelpRenderers"/>), so the three can never disagree. Built from
/// <see cref="HelpCatalogue"/> and the settings catalogue (<see cref="SettingKeys"/>).
/// </summary>
public static class HelpDocument
{
    public const string Name = "git-credential-entra";
    public const string Tagline = "a git credential helper for Azure DevOps using Microsoft Entra ID tokens";

    public static IReadOnlyList<HelpSection> Sections()
    {
        var sections = new List<HelpSection>
        {
            new("SYNOPSIS", [.. HelpCatalogue.Commands.Select(c => c.Usage["usage: ".Length..])], []),
            new("DESCRIPTION",
            [
                "git asks this helper for credentials for Azure DevOps (dev.azure.com, *.visualstudio.com and hosts declared with credential.https://HOST.provider=azure-devops). It answers with a short-lived Microsoft Entra ID access token: the signed-in user's (OS broker, browser or device code), or a workload identity's (managed identity, service principal, workload identity federation, GitHub Actions or Azure Pipelines OIDC). Tokens are cached encrypted by the operating system.",
                "Set it up once with git credential-entra configure. Requests for other hosts get no answer, so git asks its next helper.",
            ], []),
        };

        foreach (string group in HelpCatalogue.Groups)
        {
            sections.Add(new HelpSection("COMMANDS: " + group, [],
                [.. HelpCatalogue.Commands.Where(c => c.Group == group).Select(c => new HelpEntry(
                    (c.Name + " " + c.Synopsis).TrimEnd(), [c.Summary, .. c.Details]))]));
        }

        IEnumerable<SettingKey> settings = SettingKeys.All.Where(k => k.Kind == SettingKind.Setting);
        sections.Add(new HelpSection("CONFIGURATION",
            ["git config keys, for every remote (credential.KEY) or URL-specific (credential.https://dev.azure.com/contoso.KEY; the most specific URL wins). The variable in parentheses beats git config."],
            [.. settings.Where(k => k.GitConfigKey is not null).Select(k => Entry(k.GitConfigKey + (k.EnvironmentVariable is { } v ? $" ({v})" : string.Empty), k))]));
        sections.Add(new HelpSection("ENVIRONMENT",
            ["Settings that are environment variables only (Azure SDK names where they exist):"],
            [.. settings.Where(k => k.GitConfigKey is null).OrderBy(k => k.EnvironmentVariable, StringComparer.Ordinal).Select(k => Entry(k.EnvironmentVariable!, k))]));
        sections.Add(new HelpSection("ALSO READ FROM THE ENVIRONMENT",
            ["Where the helper runs, not settings; nobody sets these for it:"],
            [.. SettingKeys.All.Where(k => k.Kind == SettingKind.Context).OrderBy(k => k.EnvironmentVariable, StringComparer.Ordinal).Select(k => Entry(k.EnvironmentVariable!, k))]));
        sections.Add(new HelpSection("EXIT STATUS",
            ["0: done, or the request is not for Azure DevOps (no output). 1: failed, with one line on stderr saying why. 2: a usage error. 130: sign-in cancelled."], []));
        sections.Add(new HelpSection("SEE ALSO", ["gitcredentials(7), git-credential(1), git-config(1)"], []));
        return sections;
    }

    private static HelpEntry Entry(string term, SettingKey key) =>
        new(term, [key.DefaultValue is { } value ? $"{key.Description} [default: {value}]" : key.Description]);
}
