using GitEntraHelper.AzureDevOps;
using Microsoft.Identity.Client;

namespace GitEntraHelper.Identity.User;

/// <summary>One interactive sign-in.</summary>
/// <param name="Target">The organization the token is for (named in messages).</param>
/// <param name="Tenant">Tenant id or "organizations".</param>
/// <param name="LoginHint">Account to preselect (pinned or bound user name), or null.</param>
/// <param name="Claims">Claims JSON from a CAE challenge, or null.</param>
/// <param name="SelectAccount">Show the account picker (the cached account was refused).</param>
internal sealed record SignInRequest(AzureDevOpsTarget Target, string Tenant, string? LoginHint, string? Claims, bool SelectAccount);

/// <summary>One way of signing the user in interactively (system browser, device code, OS broker).</summary>
internal interface IInteractiveSignIn
{
    /// <summary>Signs in, or throws <see cref="SignInFlowUnavailableException"/> so the next flow is tried.</summary>
    Task<AuthenticationResult> SignInAsync(SignInRequest request, CancellationToken cancellationToken);
}

/// <summary>This flow cannot run here (no broker, no browser); the caller falls back with one trace line.</summary>
internal sealed class SignInFlowUnavailableException(string reason, Exception? inner = null) : Exception(reason, inner);
