using Emulator.Entra;
using Emulator.Model;

namespace Emulator.Admin;

/// <summary>
/// Who a sign-in is approved as without the sign-in page. <see cref="ByAuthority"/> is --auto-approve's
/// rule: the "organizations" authority (how Microsoft-account users sign in, GCM's AzureDevOpsRestApi)
/// approves as EMULATOR_MSA_USER; a tenant id, a domain or "common" as EMULATOR_USER.
/// <see cref="As"/> approves everything as one user; <see cref="Off"/> shows the page.
/// </summary>
internal sealed class AutoApproval
{
    private readonly User? _fixed;
    private readonly bool _byAuthority;

    private AutoApproval(User? fixedUser, bool byAuthority)
    {
        _fixed = fixedUser;
        _byAuthority = byAuthority;
    }

    public static readonly AutoApproval Off = new(null, byAuthority: false);

    public static readonly AutoApproval ByAuthority = new(null, byAuthority: true);

    public static AutoApproval As(User user) => new(user, byAuthority: false);

    /// <summary>The user to approve a sign-in through <paramref name="tenantSegment"/> as; null shows the sign-in page.</summary>
    public User? ApproverFor(Catalog catalog, string tenantSegment) =>
        _fixed ?? (!_byAuthority ? null
            : tenantSegment.Equals(TenantResolver.Organizations, StringComparison.OrdinalIgnoreCase) ? catalog.MsaUser
            : catalog.User);
}
