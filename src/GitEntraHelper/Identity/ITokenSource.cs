using GitEntraHelper.AzureDevOps;
using GitEntraHelper.Diagnostics;
using GitEntraHelper.Settings;

namespace GitEntraHelper.Identity;

/// <summary>What a command needs a token for. Built by <see cref="TokenPipeline"/> only, after the tenant policy passed.</summary>
/// <param name="Target">Organization, its tenant (allowed by IT policy) and the URL git asked about.</param>
/// <param name="Claims">Claims requested by a CAE / insufficient_claims challenge, or null.</param>
/// <param name="RefusedToken">
/// Fingerprint (<see cref="Protocol.TokenFingerprint"/>) of a token Azure DevOps refused — named by git's erase or by
/// its retry's state[] — or null. A source whose current token has this fingerprint refreshes it instead of
/// handing it out; a fingerprint of any other token changes nothing, so a forged one cannot force grants.
/// </param>
/// <param name="Interaction">Whether a human may be asked (decided once, by Settings/InteractionPolicy).</param>
public sealed record TokenRequest(AzureDevOpsTarget Target, string? Claims, string? RefusedToken, InteractionDecision Interaction)
{
    /// <summary>True when <paramref name="token"/> is the one Azure DevOps refused: it must not be handed out again.</summary>
    public bool Refuses(Secret token) => RefusedToken is not null && Protocol.TokenFingerprint.Of(token) == RefusedToken;
}

/// <summary>An access token for Azure DevOps (resource <see cref="Entra.AzureDevOpsResource"/>).</summary>
/// <param name="Token">The bearer token; redacted in every ToString.</param>
/// <param name="ExpiresOn">When it stops working; becomes password_expiry_utc.</param>
/// <param name="Identity">Who it is for, for traces: "user alice@contoso.com", "managed identity (system)".</param>
public sealed record AccessTokenResult(Secret Token, DateTimeOffset ExpiresOn, string Identity);

/// <summary>
/// One way of getting a token (signed-in user, managed identity, service principal, workload identity
/// federation, Azure CLI), like Azure.Identity's credentials. One implementation per file in Identity/.
/// </summary>
public interface ITokenSource
{
    /// <summary>Short name for traces and diagnose, e.g. "managed-identity".</summary>
    string Name { get; }

    /// <summary>Returns a token for the request or throws <see cref="HelperException"/> with one actionable line.</summary>
    Task<AccessTokenResult> GetTokenAsync(TokenRequest request, CancellationToken cancellationToken);

    /// <summary>git rejected the last token (erase): make sure it is not handed out again.</summary>
    Task ForgetAsync(TokenRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Whether the memory cache may answer later gets with this source's token. False where another
    /// program owns the session and must be asked each time (the Azure CLI: `az logout` ends access).
    /// </summary>
    bool MayBeRemembered => true;
}
