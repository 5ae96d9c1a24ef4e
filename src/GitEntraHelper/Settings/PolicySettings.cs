using GitEntraHelper.AzureDevOps;
using GitEntraHelper.Diagnostics;

namespace GitEntraHelper.Settings;

/// <summary>The IT policy key this area owns: which tenants tokens may ever be requested for.</summary>
public static partial class SettingKeys
{
    // git config only, on purpose: a policy an environment variable could widen would be no policy.
    public static readonly SettingKey AllowedTenants = Define(
        PolicySettings.AllowedTenantsKey, null, null,
        "IT policy, usually in the system config: tenant ids (GUIDs, comma or space separated) tokens may be requested for; an organization in any other tenant is refused before any sign-in");
}

public sealed partial class HelperSettings
{
    /// <summary>The tenant allow-list in effect (unrestricted when the key is unset).</summary>
    public TenantPolicy TenantPolicy => TenantPolicy.Parse(GetString(SettingKeys.AllowedTenants));
}

/// <summary>
/// The keys IT sets machine-wide with <c>git config --system</c> (docs/DEPLOYMENT.md explains each).
/// A user's own config can still set the others for themselves; the allow-list is the guard against
/// an organization (or a forged challenge) steering the helper to a foreign tenant.
/// </summary>
public static class PolicySettings
{
    public const string AllowedTenantsKey = "credential.entraAllowedTenants";

    /// <summary>Policy keys and what IT uses them for; the deployment docs must describe every one.</summary>
    public static readonly IReadOnlyList<(string Key, string Purpose)> SystemScopeKeys =
    [
        (AllowedTenantsKey, "tokens only for the company's tenants"),
        ("credential.azreposClientId", "the company's own public client application instead of the default"),
        ("credential.msauthFlow", "how people sign in: auto, system (browser), devicecode or broker"),
        ("credential.entraCacheProtection", "token cache protection: os (default) or plaintext"),
        ("credential.entraTenantId", "the tenant, skipping discovery"),
        ("credential.interactive", "never on shared build machines: fail instead of waiting for a person"),
    ];
}

/// <summary>The tenant allow-list: null means every tenant is allowed.</summary>
public sealed record TenantPolicy(IReadOnlyList<Guid>? AllowedTenants)
{
    public static TenantPolicy Unrestricted { get; } = new((IReadOnlyList<Guid>?)null);

    public bool Restricts => AllowedTenants is not null;

    /// <summary>Parses the key's value; anything but tenant GUIDs is a clear error naming the key.</summary>
    public static TenantPolicy Parse(string? value)
    {
        if (value is null)
        {
            return Unrestricted;
        }

        var tenants = new List<Guid>();
        foreach (string item in value.Split([',', ' ', '\t', ';'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Guid.TryParseExact(item, "D", out Guid tenant))
            {
                throw new HelperException(
                    $"git config {PolicySettings.AllowedTenantsKey} has '{item}', which is not a tenant id (a GUID such as 11111111-2222-3333-4444-555555555555)");
            }

            tenants.Add(tenant);
        }

        if (tenants.Count == 0)
        {
            throw new HelperException($"git config {PolicySettings.AllowedTenantsKey} is set but empty: list the allowed tenant ids, or unset it");
        }

        return new TenantPolicy(tenants);
    }

    public bool Allows(string? tenantId) =>
        !Restricts || (Guid.TryParseExact(tenantId, "D", out Guid tenant) && AllowedTenants!.Contains(tenant));

    /// <summary>Refuses, before any token request, an organization whose tenant is not allowed or not known.</summary>
    public void EnsureAllowed(AzureDevOpsTarget target)
    {
        if (Allows(target.TenantId))
        {
            return;
        }

        throw new HelperException(target.TenantId is null or "organizations" or "common"
            ? $"the tenant of {target.OrganizationUrl} is unknown and {PolicySettings.AllowedTenantsKey} allows only listed tenants: set credential.entraTenantId for it"
            : $"{target.OrganizationUrl} belongs to tenant {target.TenantId}, which {PolicySettings.AllowedTenantsKey} (IT policy) does not allow; no token was requested");
    }
}
