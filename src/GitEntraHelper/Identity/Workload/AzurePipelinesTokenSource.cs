using GitEntraHelper.Diagnostics;

namespace GitEntraHelper.Identity.Workload;

/// <summary>
/// Workload identity federation through an Azure Pipelines service connection, as Azure.Identity's
/// AzurePipelinesCredential does: POST SYSTEM_OIDCREQUESTURI?api-version=7.1&amp;serviceConnectionId=ID with
/// the job's SYSTEM_ACCESSTOKEN, then exchange the returned oidcToken for the connection's app.
/// </summary>
internal sealed class AzurePipelinesTokenSource : ITokenSource, ICachePartitioned
{
    private const string OidcApiVersion = "7.1";

    private readonly FederatedAssertionClient _client;
    private readonly WorkloadEnvironment _environment;
    private readonly string _oidcRequestUri;
    private readonly Secret _systemAccessToken;
    private readonly string _serviceConnectionId;
    private readonly string _describe;

    public AzurePipelinesTokenSource(WorkloadEnvironment environment, string clientId, string? tenantId,
        string oidcRequestUri, Secret systemAccessToken, string serviceConnectionId)
    {
        _environment = environment;
        _oidcRequestUri = oidcRequestUri;
        _systemAccessToken = systemAccessToken;
        _serviceConnectionId = serviceConnectionId;
        _describe = $"workload identity {clientId} (Azure Pipelines service connection {serviceConnectionId})";
        _client = new FederatedAssertionClient(environment, clientId, tenantId, RequestAsync);
    }

    public string CachePartition => _client.CachePartition;

    public string Name => "azure-pipelines";

    public Task<AccessTokenResult> GetTokenAsync(TokenRequest request, CancellationToken cancellationToken) =>
        _client.GetTokenAsync(request, _describe, cancellationToken);

    public Task ForgetAsync(TokenRequest request, CancellationToken cancellationToken) =>
        _client.ForgetAsync(request, _describe, cancellationToken);

    private Task<Secret> RequestAsync(CancellationToken cancellationToken) =>
        OidcTokenEndpoint.RequestAsync(_environment.Http, HttpMethod.Post,
            OidcTokenEndpoint.WithQuery(_oidcRequestUri, $"api-version={OidcApiVersion}&serviceConnectionId={Uri.EscapeDataString(_serviceConnectionId)}"),
            _systemAccessToken, "Azure Pipelines' OIDC endpoint", "oidcToken",
            "map SYSTEM_ACCESSTOKEN into the step's environment, check the service connection id (AZURESUBSCRIPTION_SERVICE_CONNECTION_ID) and that this pipeline is allowed to use that service connection.",
            cancellationToken);
}
