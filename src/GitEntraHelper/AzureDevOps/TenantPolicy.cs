using GitEntraHelper.Diagnostics;
using GitEntraHelper.Settings;

namespace GitEntraHelper.AzureDevOps;

/// <summary>
/// IT's tenant allow-list (<c>credential.entraAllowedTenants</c>): null means every tenant is allowed.
/// The system config file git was built with is authoritative — GIT_CONFIG_NOSYSTEM, GIT_CONFIG_SYSTEM,
/// `-c`, global or repository values cannot widen or drop it; a list in those scopes can only narrow
/// it (a user may restrict themselves further). Enforced inside tenant resolution (<see cref="TenantResolver"/>),
/// so no command reaches a token source for a tenant it refuses.
/// </summary>
public sealed record TenantPolicy(IReadOnlyList<Guid>? AllowedTenants)
{
    public static TenantPolicy Unrestricted { get; } = new((IReadOnlyList<Guid>?)null);

    /// <summary>The policy for a remote: the system scope's list, narrowed by any list the other scopes give.</summary>
    public static TenantPolicy For(HelperSettings settings)
    {
        TenantPolicy system = Parse(settings.GetSystemString(SettingKeys.AllowedTenants));
        TenantPolicy user = Parse(settings.GetString(SettingKeys.AllowedTenants));
        if (!user.Restricts)
        {
            return system;
        }

        return system.Restricts ? new TenantPolicy(system.AllowedTenants!.Intersect(user.AllowedTenants!).ToList()) : user;
    }

    public bool Restricts => AllowedTenants is not null;

    /// <summary>Parses the key's value; anything but tenant GUIDs is a clear error naming the key.</summary>
    public static TenantPolicy Parse(string? value)
    {
        if (value is null)
        {
            return Unrestricted;
        }

        var tenants = new List<Guid>();
        // Line breaks separate too: git config's "\n" escape, or a stray CR, must not end up inside an id or the error.
        foreach (string item in value.Split([',', ' ', '\t', ';', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (!TenantId.TryParseGuid(item, out Guid tenant))
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
        !Restricts || (TenantId.TryParseGuid(tenantId, out Guid tenant) && AllowedTenants!.Contains(tenant));

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
