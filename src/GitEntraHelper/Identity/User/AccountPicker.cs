using GitEntraHelper.AzureDevOps;
using Microsoft.Identity.Client;

namespace GitEntraHelper.Identity.User;

/// <summary>The cached account to try silently for an organization, and whether it was chosen implicitly.</summary>
internal sealed record PickedAccount(IAccount Account, bool Implicit);

/// <summary>
/// Chooses which cached account signs in for an organization: a pinned user name
/// (credential.&lt;url&gt;.username) first, then the organization's binding, then — when nothing is bound —
/// the only cached account whose home tenant is the organization's tenant, so a second organization of
/// the same tenant needs no new sign-in.
/// </summary>
internal static class AccountPicker
{
    public static PickedAccount? Pick(IReadOnlyList<IAccount> accounts, string? pinnedUsername, AccountBinding? binding, string? tenantId)
    {
        if (pinnedUsername is not null)
        {
            return accounts.FirstOrDefault(a => SameUser(a.Username, pinnedUsername)) is { } pinned ? new(pinned, false) : null;
        }

        if (binding?.Username is not null)
        {
            IAccount? bound = accounts.FirstOrDefault(a => binding.HomeAccountId is not null && a.HomeAccountId?.Identifier == binding.HomeAccountId)
                ?? accounts.FirstOrDefault(a => SameUser(a.Username, binding.Username));
            return bound is null ? null : new(bound, binding.Implicit);
        }

        IAccount[] candidates = accounts
            .Where(a => tenantId is null || !TenantId.TryParseGuid(tenantId, out _) || (a.HomeAccountId?.TenantId is { } home && MicrosoftAccounts.SameTenant(tenantId, home)))
            .Where(a => binding?.RefusedUsername is null || !SameUser(a.Username, binding.RefusedUsername))
            .ToArray();
        return candidates.Length == 1 ? new(candidates[0], true) : null;
    }

    public static bool SameUser(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
