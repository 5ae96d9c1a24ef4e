using GitEntraHelper.AzureDevOps;
using Microsoft.Identity.Client;

namespace GitEntraHelper.Identity.User;

/// <summary>
/// Personal Microsoft accounts in organizations backed by them. Azure DevOps signs such a user in through
/// "organizations" with an MSA pass-through client; the account's home tenant is then the consumer tenant
/// (<see cref="Entra.MicrosoftAccountTenant"/>). MSAL turns "organizations" into the account's home tenant
/// for a silent call, and the consumer tenant refuses the client with AADSTS9002332 ("configured for use
/// by Azure Active Directory users only", GCM issue 1297; MSAL.NET issue 3077), so the silent call must
/// name the MSA transfer tenant (<see cref="Entra.MsaTransferTenant"/>), as GCM does since 2.1.
/// </summary>
internal static class MicrosoftAccounts
{
    public static bool IsMicrosoftAccount(IAccount account) =>
        string.Equals(account.HomeAccountId?.TenantId, Entra.MicrosoftAccountTenant, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The tenant a silent call for <paramref name="account"/> must name when the client's authority is
    /// <paramref name="authorityTenant"/>, or null to let MSAL choose. Only a multi-tenant authority is
    /// overridden: through a tenant id (a Microsoft account invited into a work tenant) MSAL keeps that tenant.
    /// </summary>
    public static string? SilentTenant(string authorityTenant, IAccount account) =>
        !TenantId.TryParseGuid(authorityTenant, out _) && IsMicrosoftAccount(account) ? Entra.MsaTransferTenant : null;

    /// <summary>
    /// Whether a token of tenant <paramref name="actual"/> belongs to an organization of tenant
    /// <paramref name="expected"/>: the same tenant, or — for a Microsoft account — either of the consumer
    /// and transfer tenants for the other (its id token names its home tenant, its Azure DevOps token and
    /// organization the transfer tenant).
    /// </summary>
    public static bool SameTenant(string expected, string actual) =>
        string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase) || (IsMicrosoftAccountTenant(expected) && IsMicrosoftAccountTenant(actual));

    private static bool IsMicrosoftAccountTenant(string tenant) =>
        string.Equals(tenant, Entra.MicrosoftAccountTenant, StringComparison.OrdinalIgnoreCase)
        || string.Equals(tenant, Entra.MsaTransferTenant, StringComparison.OrdinalIgnoreCase);
}
