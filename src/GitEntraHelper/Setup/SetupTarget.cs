namespace GitEntraHelper.Setup;

/// <summary>
/// One <c>[credential "URL"]</c> section configure writes: the empty helper line that resets the helper
/// list for this URL, then ours, then the extra settings (e.g. useHttpPath = true), always in this order
/// and adjacent, which is how unconfigure recognises exactly what configure wrote.
/// </summary>
/// <param name="Url">The subsection, e.g. https://dev.azure.com or https://*.visualstudio.com.</param>
/// <param name="Extras">(name, value) lines written after the helper when not already in effect.</param>
public sealed record SetupTarget(string Url, IReadOnlyList<(string Name, string Value)> Extras)
{
    public const string DevAzureCom = "https://dev.azure.com";
    public const string VisualStudioWildcard = "https://*.visualstudio.com";

    /// <summary>Settings unconfigure may remove after our helper line, with the one value configure writes.</summary>
    public static readonly IReadOnlyList<(string Name, string Value)> KnownExtras =
    [
        ("useHttpPath", "true"),
        ("provider", "azure-devops"),
    ];

    /// <summary>
    /// The sections for the given options. Without organizations: all of dev.azure.com and (git ≥ 2.26)
    /// every *.visualstudio.com host. With organizations: only theirs. Extra URLs are other hosts that
    /// are Azure DevOps (a proxy, the local emulator): they also get provider = azure-devops.
    /// </summary>
    public static IReadOnlyList<SetupTarget> Plan(
        IReadOnlyList<string> organizations, IReadOnlyList<string> extraUrls, GitVersion gitVersion, ICollection<string> notes)
    {
        var useHttpPath = new (string, string)[] { ("useHttpPath", "true") };
        var targets = new List<SetupTarget>();
        if (organizations.Count == 0)
        {
            targets.Add(new SetupTarget(DevAzureCom, useHttpPath));
            if (gitVersion.SupportsUrlPatterns)
            {
                targets.Add(new SetupTarget(VisualStudioWildcard, []));
            }
            else
            {
                notes.Add($"git {gitVersion} cannot match https://*.visualstudio.com (needs git 2.26); " +
                    "add your ORG.visualstudio.com organizations with --org ORG, or upgrade git");
            }
        }
        else
        {
            if (!gitVersion.SupportsUrlPatterns)
            {
                // Before 2.26 a path in the URL had to match exactly, so dev.azure.com/ORG would never apply.
                targets.Add(new SetupTarget(DevAzureCom, useHttpPath));
                notes.Add($"git {gitVersion} cannot limit dev.azure.com to organizations (needs git 2.26): configured for all of dev.azure.com");
            }

            foreach (string organization in organizations)
            {
                if (gitVersion.SupportsUrlPatterns)
                {
                    targets.Add(new SetupTarget($"{DevAzureCom}/{organization}", useHttpPath));
                }

                targets.Add(new SetupTarget($"https://{organization}.visualstudio.com", []));
            }
        }

        foreach (string url in extraUrls)
        {
            targets.Add(new SetupTarget(url, [("useHttpPath", "true"), ("provider", "azure-devops")]));
        }

        return targets;
    }

    /// <summary>Azure DevOps organization names: letters, digits and inner hyphens, at most 50 characters.</summary>
    public static bool IsValidOrganization(string name)
    {
        if (name.Length is 0 or > 50 || name[0] == '-' || name[^1] == '-')
        {
            return false;
        }

        foreach (char c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>An https URL without query, fragment or user, without a trailing slash; null when not usable.</summary>
    public static string? NormalizeUrl(string value)
    {
        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out Uri? uri) || uri.Scheme != Uri.UriSchemeHttps
            || uri.UserInfo.Length > 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            return null;
        }

        string path = uri.AbsolutePath.TrimEnd('/');
        return $"{uri.Scheme}://{uri.Authority}{path}";
    }
}
