
namespace GitEntraHelper.Settings;

/// <summary>The IT policy key this area owns: which tenants tokens may ever be requested for.</summary>
public static partial class SettingKeys
{
    // git config only, on purpose: a policy an environment variable could widen would be no policy.
    public static readonly SettingKey AllowedTenants = Define(
        PolicySettings.AllowedTenantsKey, null, null,
        "IT policy, usually in the system config: tenant ids (GUIDs, comma or space separated) tokens may be requested for; an organization in any other tenant is refused before any sign-in", isProtected: true);
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
