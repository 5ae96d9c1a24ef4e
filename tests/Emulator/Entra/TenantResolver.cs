using Emulator.Model;

namespace Emulator.Entra;

/// <summary>
/// Reads the tenant segment of an authority path (a tenant id, a tenant domain, "consumers", or the
/// multi-tenant "organizations"/"common") and checks that a client and a user belong there.
/// Microsoft accounts (README, "Microsoft accounts"): an MSA pass-through client signs them in through
/// "organizations" (or "common") and refreshes through the MSA transfer tenant; the consumer tenant
/// itself refuses that client with AADSTS9002332, which is what MSAL.NET meets when it turns
/// "organizations" into the account's home tenant for a silent call (MSAL.NET issue 3077).
/// </summary>
internal static class TenantResolver
{
    public const string Organizations = "organizations";

    public static bool IsMultiTenant(string segment) =>
        segment.Equals(Organizations, StringComparison.OrdinalIgnoreCase) || segment.Equals("common", StringComparison.OrdinalIgnoreCase);

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
        if (client is { IsPublicClient: true } && tenant == catalog.MsaTenant)
        {
            var refused = client;
            client = null;
            return EntraError.AadUsersOnly(refused.ClientId, refused.DisplayName);
        }

        if (client is null || client.IsManagedIdentity || (!client.IsPublicClient && tenant is not null && tenant != client.Tenant))
        {
            client = null;
            return EntraError.UnknownClient(clientId, tenant?.Id ?? segment);
        }

        return null;
    }

    public static EntraError? CheckUser(User user, string segment, Tenant? tenant, ClientApp client)
    {
        if (user.IsMicrosoftAccount)
        {
            // Through a multi-tenant authority or the transfer tenant, and only for a pass-through client.
            var reachable = tenant is null || tenant == user.PassThroughTenant;
            return reachable && client.IsMsaPassThrough ? null : EntraError.UserNotInTenant(user, tenant?.Domain ?? segment, client.ClientId);
        }

        return tenant is null || tenant == user.Tenant ? null : EntraError.UserNotInTenant(user, tenant.Domain, client.ClientId);
    }
}
