using GitEntraHelper.Diagnostics;
using GitEntraHelper.TokenCache;
using Microsoft.Identity.Client;

namespace GitEntraHelper.Identity.Workload;

/// <summary>
/// One MSAL confidential client for one workload identity: builds it lazily against the configured
/// authority, attaches the persistent app token cache, and turns MSAL failures into one actionable line.
/// Every workload way goes through here, so all of them share MSAL's in-memory + persisted app token cache.
/// </summary>
internal sealed class AppTokenClient
{
    public const string AzureDevOpsScope = "499b84ac-1321-427f-aa17-267ca6975798/.default";
    private static readonly string[] Scopes = [AzureDevOpsScope];

    private readonly WorkloadEnvironment _environment;
    private readonly string _clientId;
    private readonly string? _tenantId;
    private readonly Func<ConfidentialClientApplicationBuilder, ConfidentialClientApplicationBuilder> _credential;
    private readonly bool _contactsAuthority;
    private IConfidentialClientApplication? _app;
    private string? _appTenant;

    /// <param name="clientId">Application (client) id; for token providers that never call Entra, any stable cache key.</param>
    /// <param name="tenantId">Configured tenant, or null to use the organization's tenant.</param>
    /// <param name="credential">Adds the client's proof: secret, certificate, assertion or app token provider.</param>
    /// <param name="contactsAuthority">False when an app token provider answers instead of Entra (managed identity).</param>
    public AppTokenClient(WorkloadEnvironment environment, string clientId, string? tenantId,
        Func<ConfidentialClientApplicationBuilder, ConfidentialClientApplicationBuilder> credential, bool contactsAuthority = true)
    {
        _environment = environment;
        _clientId = clientId;
        _tenantId = string.IsNullOrWhiteSpace(tenantId) ? null : tenantId.Trim();
        _credential = credential;
        _contactsAuthority = contactsAuthority;
    }

    /// <summary>The stored cache this identity's tokens live in (diagnose).</summary>
    public string CachePartition => TokenCachePartitions.App(_clientId);

    /// <summary>The tenant a request will use: the configured one, else the organization's.</summary>
    public string? TenantFor(TokenRequest request) => _tenantId ?? request.Target.TenantId;

    /// <summary>
    /// Returns a token from MSAL's cache or a new grant. <paramref name="describe"/> names the identity in
    /// errors; <paramref name="assertion"/> reports what the last federated assertion carried.
    /// </summary>
    public async Task<AuthenticationResult> AcquireAsync(TokenRequest request, string describe,
        Func<AssertionClaims?>? assertion, CancellationToken cancellationToken)
    {
        var tenant = TenantFor(request);
        if (tenant is null)
        {
            if (_contactsAuthority)
                throw new HelperException($"No tenant id for {describe}: set AZURE_TENANT_ID (or the tenant part of credential.azreposServicePrincipal).");
            tenant = "organizations";
        }

        var app = GetApp(tenant);
        var builder = app.AcquireTokenForClient(Scopes).WithForceRefresh(request.ForceRefresh);
        if (!string.IsNullOrEmpty(request.Claims)) builder = builder.WithClaims(request.Claims);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_environment.NetworkTimeout);
        try
        {
            // Concurrent git processes of one job wait for one grant instead of each making their own.
            await using var flight = _environment.CachePersistence is { } persistence
                ? await persistence.EnterSingleFlightAsync($"app|{_clientId}|{tenant}", $"getting a token for {describe}", cancellationToken).ConfigureAwait(false)
                : null;
            return await builder.ExecuteAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (HelperException)
        {
            throw; // already one line, from a credential callback (assertion file, OIDC endpoint, MI endpoint)
        }
        catch (MsalException e) when (e.InnerException is HelperException inner)
        {
            throw inner;
        }
        catch (MsalException e)
        {
            throw WorkloadErrors.FromMsal(e, describe, _contactsAuthority ? _clientId : null, tenant, assertion?.Invoke());
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new HelperException(
                _contactsAuthority
                    ? $"No token for {describe} within {_environment.NetworkTimeout.TotalSeconds:0} s (network time-out at {_environment.AuthorityHost.GetLeftPart(UriPartial.Authority)}): check the network, the proxy (HTTPS_PROXY) and AZURE_AUTHORITY_HOST, then retry."
                    : $"No token for {describe} within {_environment.NetworkTimeout.TotalSeconds:0} s (network time-out): check that the endpoint answers, or raise credential.entraNetworkTimeout.", 1, e);
        }
        catch (HttpRequestException e)
        {
            throw WorkloadErrors.Unreachable("Entra ID", _environment.AuthorityHost, e);
        }
    }

    /// <summary>
    /// git rejected the token we handed out (erase). App tokens cannot be removed from MSAL's cache one by
    /// one, so a cached token is replaced by a fresh grant: the next process never sees the rejected one.
    /// Without a persistent cache there is nothing another process could reuse, so nothing is done.
    /// </summary>
    public async Task ForgetAsync(TokenRequest request, string describe, Func<AssertionClaims?>? assertion, CancellationToken cancellationToken)
    {
        if (_environment.CachePersistence is null) return;
        var cached = await AcquireAsync(request with { ForceRefresh = false }, describe, assertion, cancellationToken).ConfigureAwait(false);
        if (cached.AuthenticationResultMetadata.TokenSource == TokenSource.Cache)
            await AcquireAsync(request with { ForceRefresh = true }, describe, assertion, cancellationToken).ConfigureAwait(false);
    }

    private IConfidentialClientApplication GetApp(string tenant)
    {
        if (_app is not null && _appTenant == tenant) return _app;

        var authority = new Uri(_environment.AuthorityHost, Uri.EscapeDataString(tenant));
        var builder = ConfidentialClientApplicationBuilder.Create(_clientId)
            .WithAuthority(authority.AbsoluteUri, validateAuthority: _environment.IsMicrosoftAuthority && _contactsAuthority)
            .WithCacheSynchronization(false);
        // A non-Microsoft authority host (sovereign stand-in, ADFS-like proxy, the test emulator) has no
        // instance discovery endpoint; an app token provider never needs one.
        if (!_environment.IsMicrosoftAuthority || !_contactsAuthority) builder = builder.WithInstanceDiscovery(false);
        if (_environment.MsalHttpClientFactory is { } http) builder = builder.WithHttpClientFactory(http);
        if (_environment.MsalLog is { } log) builder = builder.WithLogging(log, LogLevel.Warning, enablePiiLogging: false, enableDefaultPlatformLogging: false);

        var app = _credential(builder).Build();
        _environment.CachePersistence?.Attach(app.AppTokenCache, TokenCachePartitions.App(_clientId));
        _app = app;
        _appTenant = tenant;
        return app;
    }
}
