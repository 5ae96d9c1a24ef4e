using Emulator.Model;

namespace Emulator.Entra;

/// <summary>
/// A v2.0 scope parameter split the way Entra reads it: OIDC scopes (openid, profile,
/// offline_access, email) plus scopes of exactly one resource, e.g. "{resource}/.default".
/// </summary>
internal sealed record ScopeRequest(string Resource, IReadOnlyList<string> ResourceScopes, bool OfflineAccess, bool OpenId)
{
    private const string Graph = "00000003-0000-0000-c000-000000000000";
    private static readonly HashSet<string> OidcScopes = new(StringComparer.OrdinalIgnoreCase) { "openid", "profile", "offline_access", "email" };

    /// <summary>The token's aud: the resource's application id (Azure DevOps' URI form maps to its id).</summary>
    public string Audience => Resource switch
    {
        WellKnown.AzureDevOpsResource or "https://app.vssps.visualstudio.com" => WellKnown.AzureDevOpsResource,
        "https://graph.microsoft.com" => Graph,
        _ => Resource,
    };

    public bool IsDefault => ResourceScopes.Any(s => s.EndsWith("/.default", StringComparison.Ordinal));

    /// <summary>The delegated permissions granted (scp claim).</summary>
    public IReadOnlyList<string> GrantedPermissions => IsDefault
        ? ["user_impersonation"]
        : ResourceScopes.Select(s => s[(s.LastIndexOf('/') + 1)..]).ToList();

    /// <summary>The response's scope: what was asked for plus what .default expanded to.</summary>
    public string ResponseScope => string.Join(' ', IsDefault
        ? ResourceScopes.Append($"{Resource}/user_impersonation").Distinct()
        : ResourceScopes);

    public static ScopeRequest? Parse(string? scope, out EntraError? error)
    {
        error = null;
        var all = (scope ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var resourceScopes = all.Where(s => !OidcScopes.Contains(s)).ToList();
        if (resourceScopes.Count == 0)
        {
            error = EntraError.InvalidScope("The provided request must include a 'scope' input parameter for a resource.");
            return null;
        }

        var resources = resourceScopes.Select(ResourceOf).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (resources.Count > 1)
        {
            error = new EntraError(400, "invalid_request", 28000,
                "Provided value for the input parameter scope is not valid because it contains more than one resource. Scope " + scope + " is not valid.");
            return null;
        }

        return new ScopeRequest(
            resources[0],
            resourceScopes,
            all.Contains("offline_access", StringComparer.OrdinalIgnoreCase),
            all.Contains("openid", StringComparer.OrdinalIgnoreCase));
    }

    private static string ResourceOf(string scope)
    {
        var slash = scope.LastIndexOf('/');
        return slash > 0 ? scope[..slash] : Graph; // bare names such as User.Read are Microsoft Graph's
    }
}
