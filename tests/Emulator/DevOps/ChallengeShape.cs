namespace Emulator.DevOps;

/// <summary>
/// The ways an Entra-backed organization's 401 names its tenant (POST /challenge-shape?shape=NAME),
/// each one recorded from the real service or allowed by RFC 9110 (README, "behaviour → public source").
/// </summary>
internal enum ChallengeShape
{
    /// <summary>One header per challenge, authorization_uri unquoted; X-VSS-ResourceTenant once.</summary>
    Standard,

    /// <summary>authorization_uri as a quoted string.</summary>
    Quoted,

    /// <summary>Every challenge in one WWW-Authenticate header, comma separated.</summary>
    OneHeader,

    /// <summary>A bare Bearer challenge; X-VSS-ResourceTenant twice, first as "zero GUID, tenant".</summary>
    ResourceTenantList,
}

internal static class ChallengeShapes
{
    public static readonly IReadOnlyDictionary<string, ChallengeShape> ByName = new Dictionary<string, ChallengeShape>(StringComparer.Ordinal)
    {
        ["standard"] = ChallengeShape.Standard,
        ["quoted"] = ChallengeShape.Quoted,
        ["one-header"] = ChallengeShape.OneHeader,
        ["resource-tenant-list"] = ChallengeShape.ResourceTenantList,
    };
}
