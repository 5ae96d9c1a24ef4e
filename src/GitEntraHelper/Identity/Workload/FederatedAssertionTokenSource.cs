using GitEntraHelper.Diagnostics;

namespace GitEntraHelper.Identity.Workload;

/// <summary>
/// Workload identity federation with an assertion the configuration provides (GCM's
/// credential.azreposWorkloadFederation, <see cref="GcmWorkloadFederation"/>): given inline, read from a
/// file, or a managed identity's token. The assertion is fetched only when Entra needs a grant.
/// </summary>
internal sealed class FederatedAssertionTokenSource(
    WorkloadEnvironment environment, string clientId, string? tenantId, string from, Func<CancellationToken, Task<Secret>> assertion) : ITokenSource, ICachePartitioned
{
    private readonly FederatedAssertionClient _client = new(environment, clientId, tenantId, assertion);
    private readonly string _describe = $"workload identity {clientId} (federated, {from})";

    public string CachePartition => _client.CachePartition;

    public string Name => "workload-federation";

    public Task<AccessTokenResult> GetTokenAsync(TokenRequest request, CancellationToken cancellationToken) =>
        _client.GetTokenAsync(request, _describe, cancellationToken);

    public Task ForgetAsync(TokenRequest request, CancellationToken cancellationToken) =>
        _client.ForgetAsync(request, _describe, cancellationToken);
}
