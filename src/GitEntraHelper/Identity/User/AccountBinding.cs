namespace GitEntraHelper.Identity.User;

/// <summary>
/// Which account signs in for one Azure DevOps organization, and what the helper remembers about it.
/// Holds no secret: <see cref="RejectedToken"/> is a fingerprint, <see cref="PendingClaims"/> a claims request.
/// </summary>
/// <param name="Organization">Organization name, lower-case (the key).</param>
/// <param name="Username">The bound account's sign-in name; null when only <see cref="RefusedUsername"/> is known.</param>
/// <param name="HomeAccountId">MSAL's home account id ("oid.tid"), or null for a binding made by hand.</param>
/// <param name="TenantId">Tenant the organization belongs to, when known.</param>
/// <param name="Implicit">True when the helper reused the only cached account of the tenant without asking.</param>
/// <param name="ViaBroker">True when the account came from the OS broker (its tokens live there).</param>
/// <param name="RejectedToken">Fingerprint of the access token git erased: never hand it out again.</param>
/// <param name="PendingClaims">Claims an Azure DevOps challenge asked for, to request on the next get.</param>
/// <param name="RefusedUsername">An account Azure DevOps refused for this organization: the next sign-in shows the picker.</param>
internal sealed record AccountBinding(
    string Organization,
    string? Username,
    string? HomeAccountId = null,
    string? TenantId = null,
    bool Implicit = false,
    bool ViaBroker = false,
    string? RejectedToken = null,
    string? PendingClaims = null,
    string? RefusedUsername = null);

/// <summary>Organization → account bindings, kept in the helper's state directory.</summary>
internal interface IAccountBindingStore
{
    Task<AccountBinding?> GetAsync(string organization, CancellationToken cancellationToken);

    Task<IReadOnlyList<AccountBinding>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Adds or replaces the binding for its organization.</summary>
    Task SaveAsync(AccountBinding binding, CancellationToken cancellationToken);

    /// <summary>True when a binding was removed.</summary>
    Task<bool> RemoveAsync(string organization, CancellationToken cancellationToken);
}
