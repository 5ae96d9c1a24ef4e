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

    private Task<Secret> ReadAsync(CancellationToken cancellationToken) =>
        ReadAsync(_path, "AZURE_FEDERATED_TOKEN_FILE and that the token volume is mounted", cancellationToken);

    /// <summary>An assertion file's token, read now (the platform may have rotated it); <paramref name="check"/> names what to check when it cannot.</summary>
    internal static async Task<Secret> ReadAsync(string path, string check, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HelperException($"Cannot read the federated token file '{path}' ({e.GetType().Name}): check {check}.", 1, e);
        }
        text = text.Trim();
        if (text.Length == 0)
            throw new HelperException($"The federated token file '{path}' is empty: check {check}, and that the token was written.");
        return new Secret(text);
    }
}
