namespace GitEntraHelper.AzureDevOps;

/// <summary>Where a tenant id came from; diagnose and traces show it.</summary>
public enum TenantSource
{
    Unknown,
    Configured,
    Challenge,
    Cache,
    Probe,
}

/// <summary>
/// The Azure DevOps organization a git request is about, resolved from the remote URL.
/// </summary>
/// <param name="OrganizationUrl">Canonical organization URL without trailing slash, e.g. https://dev.azure.com/contoso
/// or https://contoso.visualstudio.com; for declared hosts https://HOST[:PORT]/contoso.</param>
/// <param name="Organization">Organization name, lower-cased.</param>
/// <param name="TenantId">Entra tenant GUID (or "organizations"), null until resolved.</param>
public sealed record AzureDevOpsTarget(Uri OrganizationUrl, string Organization, string? TenantId, TenantSource TenantSource);
