using GitEntraHelper.AzureDevOps;
using GitEntraHelper.Diagnostics;

namespace GitEntraHelper.Identity;

/// <summary>What a command needs a token for.</summary>
/// <param name="Target">Organization, its tenant and the URL git asked about.</param>
/// <param name="Claims">Claims requested by a CAE / insufficient_claims challenge, or null.</param>
/// <param name="ForceRefresh">True after git erased our previous token: never hand it out again.</param>
/// <param name="AllowInteraction">False in CI, with GIT_TERMINAL_PROMPT=0, or without a terminal.</param>
public sealed record TokenRequest(AzureDevOpsTarget Target, string? Claims, bool ForceRefresh, bool AllowInteraction);

/// <summary>An access token for Azure DevOps (resource 499b84ac-1321-427f-aa17-267ca6975798).</summary>
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
