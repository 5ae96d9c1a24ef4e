using GitEntraHelper.Diagnostics;

namespace GitEntraHelper.Identity.Workload;

/// <summary>A service principal proving itself with a client secret (AZURE_CLIENT_SECRET, GCM's azreposServicePrincipalSecret).</summary>
internal sealed class ClientSecretTokenSource : ITokenSource, ICachePartitioned
{
    private readonly AppTokenClient _client;
    private readonly string _describe;

    public ClientSecretTokenSource(WorkloadEnvironment environment, string clientId, string? tenantId, Secret clientSecret)
    {
        if (clientSecret.IsEmpty)
            throw new HelperException($"The client secret for service principal {clientId} is empty: set AZURE_CLIENT_SECRET or credential.azreposServicePrincipalSecret.");
        _describe = $"service principal {clientId} (client secret)";
        _client = new AppTokenClient(environment, clientId, tenantId, b => b.WithClientSecret(clientSecret.Reveal()));
    }

    public string CachePartition => _client.CachePartition;

    public string Name => "service-principal-secret";

    public async Task<AccessTokenResult> GetTokenAsync(TokenRequest request, CancellationToken cancellationToken)
    {
        var result = await _client.AcquireAsync(request, _describe, null, cancellationToken).ConfigureAwait(false);
        return new AccessTokenResult(new Secret(result.AccessToken), result.ExpiresOn, _describe);
    }

    public Task ForgetAsync(TokenRequest request, CancellationToken cancellationToken) =>
        _client.ForgetAsync(request, _describe, null, cancellationToken);
}
