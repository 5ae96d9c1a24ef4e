using GitEntraHelper.Diagnostics;

namespace GitEntraHelper.Identity.Workload;

/// <summary>
/// Workload identity federation from a GitHub Actions job: the job's OIDC token
/// (ACTIONS_ID_TOKEN_REQUEST_URL + ACTIONS_ID_TOKEN_REQUEST_TOKEN, audience api://AzureADTokenExchange)
/// is exchanged at Entra for the app AZURE_CLIENT_ID, as azure/login does.
/// </summary>
internal sealed class GitHubActionsTokenSource : ITokenSource, ICachePartitioned
{
    public const string DefaultAudience = "api://AzureADTokenExchange";

    private readonly FederatedAssertionClient _client;
    private readonly WorkloadEnvironment _environment;
    private readonly string _requestUrl;
    private readonly Secret _requestToken;
    private readonly string _audience;
    private readonly string _describe;

    public GitHubActionsTokenSource(WorkloadEnvironment environment, string clientId, string? tenantId, string requestUrl, Secret requestToken, string? audience = null)
    {
        _environment = environment;
        _requestUrl = requestUrl;
        _requestToken = requestToken;
        _audience = string.IsNullOrWhiteSpace(audience) ? DefaultAudience : audience;
        _describe = $"workload identity {clientId} (GitHub Actions OIDC)";
        _client = new FederatedAssertionClient(environment, clientId, tenantId, RequestAsync);
    }

    public string CachePartition => _client.CachePartition;

    public string Name => "github-actions";

    public Task<AccessTokenResult> GetTokenAsync(TokenRequest request, CancellationToken cancellationToken) =>
        _client.GetTokenAsync(request, _describe, cancellationToken);

    public Task ForgetAsync(TokenRequest request, CancellationToken cancellationToken) =>
        _client.ForgetAsync(request, _describe, cancellationToken);

    private Task<Secret> RequestAsync(CancellationToken cancellationToken) =>
        OidcTokenEndpoint.RequestAsync(_environment.Http, HttpMethod.Get,
            OidcTokenEndpoint.WithQuery(_requestUrl, "audience=" + Uri.EscapeDataString(_audience)), _requestToken,
            "GitHub Actions' OIDC endpoint", "value",
            "give the job `permissions: id-token: write` and use ACTIONS_ID_TOKEN_REQUEST_URL/_TOKEN of this job.",
            cancellationToken);
}
