using GitEntraHelper.Diagnostics;
using Microsoft.Identity.Client.AppConfig;

namespace GitEntraHelper.Identity.Workload;

/// <summary>
/// Which managed identity: GCM's credential.azreposManagedIdentity values — <c>system</c>, a client id
/// (bare GUID or <c>id://GUID</c>), <c>resource://RESOURCE-ID</c> — plus <c>object://GUID</c>.
/// </summary>
internal sealed record ManagedIdentityKind(string Kind, string? Value)
{
    public static readonly ManagedIdentityKind System = new("system", null);

    public static ManagedIdentityKind Parse(string value, string origin)
    {
        var v = value.Trim();
        if (v.Equals("system", StringComparison.OrdinalIgnoreCase) || v.Equals("true", StringComparison.OrdinalIgnoreCase) || v == "1")
            return System;
        if (v.StartsWith("id://", StringComparison.OrdinalIgnoreCase))
            return ClientId(v[5..], origin);
        if (v.StartsWith("object://", StringComparison.OrdinalIgnoreCase))
            return new("object id", RequireGuid(v[9..], origin));
        if (v.StartsWith("resource://", StringComparison.OrdinalIgnoreCase))
        {
            var resource = v[11..];
            if (resource.Length == 0)
                throw Invalid(value, origin);
            return new("resource id", resource.StartsWith('/') ? resource : "/" + resource);
        }
        if (Guid.TryParse(v, out _))
            return ClientId(v, origin);
        throw Invalid(value, origin);
    }

    public static ManagedIdentityKind ClientId(string clientId, string origin) => new("client id", RequireGuid(clientId, origin));

    public ManagedIdentityId ToMsal() => Kind switch
    {
        "system" => ManagedIdentityId.SystemAssigned,
        "client id" => ManagedIdentityId.WithUserAssignedClientId(Value!),
        "object id" => ManagedIdentityId.WithUserAssignedObjectId(Value!),
        _ => ManagedIdentityId.WithUserAssignedResourceId(Value!),
    };

    /// <summary>"system-assigned" or "user-assigned, client id …".</summary>
    public override string ToString() => Value is null ? "system-assigned" : $"user-assigned, {Kind} {Value}";

    private static string RequireGuid(string value, string origin) =>
        Guid.TryParse(value, out var g) ? g.ToString() : throw Invalid(value, origin);

    private static HelperException Invalid(string value, string origin) =>
        new($"Invalid managed identity '{value}' in {origin}: use 'system', a client id GUID, 'id://GUID', 'object://GUID' or 'resource://RESOURCE-ID'.");
}
