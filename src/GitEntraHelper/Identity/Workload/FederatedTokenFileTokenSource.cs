using GitEntraHelper.Diagnostics;

namespace GitEntraHelper.Identity.Workload;

/// <summary>
/// Workload identity from a projected token file (AZURE_FEDERATED_TOKEN_FILE, as AKS workload identity
/// mounts it). The file is re-read on every grant: the platform rotates it while the pod lives.
/// </summary>
internal sealed class FederatedTokenFileTokenSource : ITokenSource, ICachePartitioned
{
    private readonly FederatedAssertionClient _client;
    private readonly string _describe;
    private readonly string _path;

    public FederatedTokenFileTokenSource(WorkloadEnvironment environment, string clientId, string? tenantId, string tokenFilePath)
    {
        _path = tokenFilePath;
        _describe = $"workload identity {clientId} (federated token file)";
        _client = new FederatedAssertionClient(environment, clientId, tenantId, ReadAsync);
    }

    public string CachePartition => _client.CachePartition;

    public string Name => "federated-token-file";

    public Task<AccessTokenResult> GetTokenAsync(TokenRequest request, CancellationToken cancellationToken) =>
        _client.GetTokenAsync(request, _describe, cancellationToken);

    public Task ForgetAsync(TokenRequest request, CancellationToken cancellationToken) =>
        _client.ForgetAsync(request, _describe, cancellationToken);

    private async Task<Secret> ReadAsync(CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await File.ReadAllTextAsync(_path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HelperException($"Cannot read the federated token file '{_path}' ({e.GetType().Name}): check AZURE_FEDERATED_TOKEN_FILE and that the token volume is mounted.", 1, e);
        }
        text = text.Trim();
        if (text.Length == 0)
            throw new HelperException($"The federated token file '{_path}' is empty: check AZURE_FEDERATED_TOKEN_FILE and that the platform has written the token.");
        return new Secret(text);
    }
}
