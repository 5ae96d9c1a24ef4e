using GitEntraHelper.AzureDevOps;
using GitEntraHelper.Protocol;

namespace GitEntraHelper.Setup.Migration;

/// <summary>Which hosts are Azure DevOps for the migration (the built-in ones and those git config declares), and an entry's organization.</summary>
/// <param name="Declared">"https://host[:port]" of each declared host.</param>
public sealed record AzureDevOpsHosts(IReadOnlyList<string> Declared)
{
    public bool IsDeclared(string host) => Declared.Contains($"https://{host.ToLowerInvariant()}", StringComparer.Ordinal);

    /// <summary>An https host (name[:port]) that is Azure DevOps.</summary>
    public bool IsAzureDevOps(string protocol, string host) =>
        protocol.Equals("https", StringComparison.OrdinalIgnoreCase) && (AzureDevOpsUrl.IsWellKnownHost(host) || IsDeclared(host));

    /// <summary>The organization an entry is for, or null when its path does not say (a store line without path).</summary>
    public string? Organization(string protocol, string host, string? path)
    {
        // Not the user name: a PAT's user name is any text, not the org@dev.azure.com convention.
        var request = new CredentialRequest { Protocol = protocol, Host = host, Path = path };
        RemoteMatch match = AzureDevOpsUrl.Match(request, IsDeclared(host));
        return match.Kind == RemoteKind.Ours ? match.Target!.Organization : null;
    }

    /// <summary>The organization URL for the report: https://dev.azure.com/ORG or https://ORG.visualstudio.com.</summary>
    public static string Describe(string host, string? organization) =>
        organization is null || host.EndsWith(AzureDevOpsUrl.VisualStudioSuffix, StringComparison.OrdinalIgnoreCase)
            ? $"https://{host}"
            : $"https://{host}/{organization}";
}
