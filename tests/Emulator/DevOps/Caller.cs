namespace Emulator.DevOps;

/// <summary>
/// Who a valid credential says the caller is: an Entra access token (user or app) or a personal
/// access token, and the Authorization scheme it came in (Bearer, or Basic as git &lt; 2.46 sends it).
/// </summary>
internal sealed record Caller(string ObjectId, string TenantId, string DisplayName, string? Uti, bool IsApp, string Scheme)
{
    /// <summary>The organization a personal access token is scoped to; null for Entra tokens.</summary>
    public string? PatOrganizationId { get; init; }

    public bool IsPat => PatOrganizationId is not null;

    public bool IsBearer => Scheme == "Bearer";
}

/// <summary>Why a presented credential was not accepted.</summary>
internal enum TokenProblem { None, Missing, Malformed, BadSignature, WrongAudience, WrongIssuer, Expired, PatExpired, PatRevoked }
