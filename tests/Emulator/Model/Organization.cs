namespace Emulator.Model;

/// <summary>
/// An Azure DevOps organization with its members and projects. <see cref="Tenant"/> is the tenant
/// whose tokens it accepts: the backing Entra tenant, or the MSA transfer tenant for an organization
/// backed by Microsoft accounts (which reports the zero GUID as its resource tenant).
/// </summary>
internal sealed class Organization
{
    public required string Name { get; init; }
    public required string Id { get; init; }
    public required Tenant Tenant { get; init; }
    public bool IsBackedByMicrosoftAccounts { get; init; }
    /// <summary>Object ids (users, service principals, managed identities) with access.</summary>
    public required IReadOnlySet<string> MemberObjectIds { get; init; }
    public required IReadOnlyList<Project> Projects { get; init; }

    /// <summary>X-VSS-ResourceTenant: the zero GUID for Microsoft-account organizations, else the tenant id.</summary>
    public string ResourceTenantId => IsBackedByMicrosoftAccounts ? WellKnown.ZeroTenantId : Tenant.Id;

    public Project? FindProject(string nameOrId) =>
        Projects.FirstOrDefault(p => string.Equals(p.Name, nameOrId, StringComparison.OrdinalIgnoreCase)
                                     || string.Equals(p.Id, nameOrId, StringComparison.OrdinalIgnoreCase));
}

/// <summary>An Azure DevOps project and the names of its git repositories.</summary>
internal sealed record Project(string Name, string Id, IReadOnlyList<string> Repositories);
