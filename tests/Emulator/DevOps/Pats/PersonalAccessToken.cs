namespace Emulator.DevOps.Pats;

/// <summary>
/// One personal access token as Azure DevOps keeps it: its authorization id, owner, the organization
/// it is scoped to (targetAccounts), name, scope and validity. The secret is never listed.
/// </summary>
internal sealed class PersonalAccessToken
{
    public required Guid AuthorizationId { get; init; }
    public required string OwnerObjectId { get; init; }
    public required string OrganizationId { get; init; }
    public required string DisplayName { get; init; }
    public required string Scope { get; init; }
    public required DateTimeOffset ValidFrom { get; init; }
    public required DateTimeOffset ValidTo { get; init; }
    public required string Secret { get; init; }
    public DateTimeOffset? RevokedAt { get; set; }

    public PatState StateAt(DateTimeOffset now) =>
        RevokedAt is not null ? PatState.Revoked : ValidTo <= now ? PatState.Expired : PatState.Active;
}

/// <summary>The PAT API's displayFilterOption values (active, revoked, expired; all).</summary>
internal enum PatState { Active, Revoked, Expired }
