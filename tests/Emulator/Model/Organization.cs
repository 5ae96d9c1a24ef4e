namespace Emulator.Model;

/// <summary>An Azure DevOps organization backed by one tenant, with its members and projects.</summary>
internal sealed class Organization
{
    public required string Name { get; init; }
    public required string Id { get; init; }
    public required Tenant Tenant { get; init; }
    /// <summary>Object ids (users, service principals, managed identities) with access.</summary>
    public required IReadOnlySet<string> MemberObjectIds { get; init; }
    public required IReadOnlyList<Project> Projects { get; init; }

    public Project? FindProject(string nameOrId) =>
        Projects.FirstOrDefault(p => string.Equals(p.Name, nameOrId, StringComparison.OrdinalIgnoreCase)
                                     || string.Equals(p.Id, nameOrId, StringComparison.OrdinalIgnoreCase));
}

/// <summary>An Azure DevOps project and the names of its git repositories.</summary>
internal sealed record Project(string Name, string Id, IReadOnlyList<string> Repositories);
