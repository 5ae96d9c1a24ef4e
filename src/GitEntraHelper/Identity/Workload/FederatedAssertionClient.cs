using GitEntraHelper.Diagnostics;
using Microsoft.Identity.Client;

namespace GitEntraHelper.Identity.Workload;

/// <summary>
/// Workload identity federation: an app registration proves itself with an assertion issued by someone
/// Entra trusts (Kubernetes, GitHub Actions, Azure Pipelines). The assertion is fetched only when MSAL
/// needs a grant, and its issuer/subject are remembered so a federation mismatch can name them.
/// </summary>
internal sealed class FederatedAssertionClient
{
    private readonly AppTokenClient _client;
    private readonly Func<CancellationToken, Task<Secret>> _getAssertion;
    private AssertionClaims? _lastAssertion;

    public FederatedAssertionClient(WorkloadEnvironment environment, string clientId, string? tenantId, Func<CancellationToken, Task<Secret>> getAssertion)
    {
        _getAssertion = getAssertion;
        _client = new AppTokenClient(environment, clientId, tenantId, b => b.WithClientAssertion(FetchAsync));
    }

    public string CachePartition => _client.CachePartition;

    public async Task<AccessTokenResult> GetTokenAsync(TokenRequest request, string describe, CancellationToken cancellationToken)
    {
        var result = await _client.AcquireAsync(request, describe, () => _lastAssertion, cancellationToken).ConfigureAwait(false);
        return new AccessTokenResult(new Secret(result.AccessToken), result.ExpiresOn, describe);
    }

    public Task ForgetAsync(TokenRequest request, string describe, CancellationToken cancellationToken) =>
        _client.ForgetAsync(request, describe, () => _lastAssertion, cancellationToken);

    private async Task<string> FetchAsync(AssertionRequestOptions options)
    {
        CacheOnly.ThrowIfActive(); // MSAL needs a grant: not now, under the lock
        var assertion = await CredentialFailure.Guard(() => _getAssertion(options.CancellationToken)).ConfigureAwait(false);
        var value = assertion.Reveal();
        _lastAssertion = AssertionClaims.FromJwt(value);
        return value;
    }
}
