using Emulator.Model;

namespace Emulator.Entra;

/// <summary>
/// Reads the tenant segment of an authority path (a tenant id, a tenant domain, or the
/// multi-tenant "organizations"/"common") and checks that a client and a user belong there.
/// </summary>
internal static class TenantResolver
{
    public static bool IsMultiTenant(string segment) =>
        segment.Equals("organizations", StringComparison.OrdinalIgnoreCase) || segment.Equals("common", StringComparison.OrdinalIgnoreCase);

    /// <summary>Null tenant with no error means a multi-tenant segment.</summary>
    public static EntraError? Resolve(Catalog catalog, string segment, out Tenant? tenant)
    {
        tenant = null;
        if (IsMultiTenant(segment))
        {
            return null;
        }

        tenant = catalog.FindTenant(segment);
        return tenant is null ? EntraError.TenantNotFound(segment) : null;
    }

    /// <summary>The app must exist; confidential apps and managed identities live only in their own tenant.</summary>
    public static EntraError? FindClient(Catalog catalog, string? clientId, string segment, Tenant? tenant, out ClientApp? client)
    {
        client = null;
        if (string.IsNullOrEmpty(clientId))
        {
            return EntraError.MissingParameter("client_id");
        }

        client = catalog.FindApp(clientId);
        if (client is null || client.IsManagedIdentity || (!client.IsPublicClient && tenant is not null && tenant != client.Tenant))
        {
            client = null;
            return EntraError.UnknownClient(clientId, tenant?.Id ?? segment);
        }

        return null;
    }

    public static EntraError? CheckUser(User user, string segment, Tenant? tenant, ClientApp client) =>
        tenant is null || tenant == user.Tenant ? null : EntraError.UserNotInTenant(user.Upn, tenant.Domain, client.ClientId);
}
