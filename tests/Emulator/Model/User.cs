namespace Emulator.Model;

/// <summary>
/// A user account that can sign in interactively or by device code. A Microsoft account (personal
/// account) has the consumer tenant as its home and reaches Azure DevOps through MSA pass-through:
/// its Azure DevOps access tokens are issued in <see cref="PassThroughTenant"/> (README, "Microsoft accounts").
/// </summary>
internal sealed record User(string ObjectId, string Upn, string DisplayName, Tenant Tenant)
{
    /// <summary>The MSA transfer tenant for a Microsoft account; null for a work or school account.</summary>
    public Tenant? PassThroughTenant { get; init; }

    public bool IsMicrosoftAccount => PassThroughTenant is not null;

    /// <summary>The tenant of the user's access tokens (tid, iss).</summary>
    public Tenant AccessTokenTenant => PassThroughTenant ?? Tenant;

    /// <summary>The idp Entra names in its errors: live.com for Microsoft accounts, the tenant's STS otherwise.</summary>
    public string IdentityProvider => IsMicrosoftAccount ? "live.com" : $"https://sts.windows.net/{Tenant.Id}/";
}
