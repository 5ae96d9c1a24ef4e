using System.Text.Json;
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
    private readonly WorkloadEnvironment _environment;
    private readonly string _clientId;
    private readonly string? _tenantId;
    private readonly Func<ConfidentialClientApplicationBuilder, ConfidentialClientApplicationBuilder> _credential;
    private readonly bool _contactsAuthority;
    private IConfidentialClientApplication? _app;
    private bool _persist;
    private string? _appTenant;

    /// <param name="environment">What every workload way shares in this run.</param>
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
        _persist = environment.CachePersistence is not null;
    }

    /// <summary>The stored cache this identity's tokens live in (diagnose).</summary>
    public string CachePartition => TokenCachePartitions.App(_clientId);

    /// <summary>The tenant a request will use: the configured one, else the organization's.</summary>
    public string? TenantFor(TokenRequest request) => _tenantId ?? request.Target.TenantId;

    /// <summary>
    /// Returns a token from MSAL's cache or a new grant — never the token the request says Azure DevOps
    /// refused: that one is replaced by a fresh grant. <paramref name="describe"/> names the identity in
    /// errors; <paramref name="assertion"/> reports what the last federated assertion carried. When the
    /// persistent cache cannot be used (no keyring on a headless agent), tokens are kept in memory only:
    /// a machine identity must work without it; `diagnose` shows the cache failure and its fix.
    /// </summary>
    public async Task<AuthenticationResult> AcquireAsync(TokenRequest request, string describe,
        Func<AssertionClaims?>? assertion, CancellationToken cancellationToken)
    {
        AuthenticationResult result = WithAccessToken(await AcquireWithFallbackAsync(request, describe, assertion, forceRefresh: false, cancellationToken).ConfigureAwait(false));
        return request.Refuses(new Secret(result.AccessToken))
            ? WithAccessToken(await AcquireWithFallbackAsync(request, describe, assertion, forceRefresh: true, cancellationToken).ConfigureAwait(false))
            : result;
    }

    private AuthenticationResult WithAccessToken(AuthenticationResult result) => TokenResponse.WithAccessToken(result, _environment.AuthorityHost);

    /// <summary>
    /// git rejected the token we handed out (erase). App tokens cannot be removed from MSAL's cache one by
    /// one, so when the cached token is the one git names, it is replaced by a fresh grant: the next process
    /// never sees it. A name that matches no cached token (replaced already, or forged) changes nothing;
    /// without a persistent cache there is nothing another process could reuse.
    /// </summary>
    public async Task ForgetAsync(TokenRequest request, string describe, Func<AssertionClaims?>? assertion, CancellationToken cancellationToken)
    {
        if (!_persist || request.RefusedToken is null)
        {
            return;
        }

        await AcquireAsync(request, describe, assertion, cancellationToken).ConfigureAwait(false);
    }

    private async Task<AuthenticationResult> AcquireWithFallbackAsync(TokenRequest request, string describe,
        Func<AssertionClaims?>? assertion, bool forceRefresh, CancellationToken cancellationToken)
    {
        try
        {
            return await AcquireOnceAsync(request, describe, assertion, forceRefresh, cancellationToken).ConfigureAwait(false);
        }
        catch (CacheUnavailable e) when (_persist)
        {
            _environment.Trace.WriteText("identity", $"token cache unavailable, keeping app tokens in memory only: {e.Failure.Message}");
            _persist = false;
            _app = null;
            return await AcquireOnceAsync(request, describe, assertion, forceRefresh, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<AuthenticationResult> AcquireOnceAsync(TokenRequest request, string describe,
        Func<AssertionClaims?>? assertion, bool forceRefresh, CancellationToken cancellationToken)
    {
        var tenant = TenantFor(request);
        if (tenant is null)
        {
            if (_contactsAuthority)
            {
                throw new HelperException($"No tenant id for {describe}: set AZURE_TENANT_ID (or the tenant part of credential.azreposServicePrincipal).");
            }

            tenant = "organizations";
        }

        var app = GetApp(tenant);
        var builder = app.AcquireTokenForClient(Entra.AzureDevOpsScopes).WithForceRefresh(forceRefresh);
        if (!string.IsNullOrEmpty(request.Claims))
        {
            builder = builder.WithClaims(request.Claims);
        }

        if (!forceRefresh && string.IsNullOrEmpty(request.Claims) && _persist && await CachedAsync(builder, cancellationToken).ConfigureAwait(false) is { } cached)
        {
            return cached; // served from the cache before the single flight: a stopped grant elsewhere cannot block it
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_environment.NetworkTimeout);
        try
        {
            // Concurrent git processes of one job wait for one grant instead of each making their own.
            await using var flight = _persist && _environment.CachePersistence is { } persistence
                ? await EnterSingleFlightAsync(persistence, tenant, describe, cancellationToken).ConfigureAwait(false)
                : null;
            return await builder.ExecuteAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (CredentialFailure e)
        {
            throw e.Failure; // already one line: assertion file, OIDC endpoint, managed identity endpoint
        }
        catch (MsalException e) when (e.InnerException is CredentialFailure inner)
        {
            throw inner.Failure;
        }
        catch (MsalException e) when (e.InnerException is HelperException cacheFailure)
        {
            throw new CacheUnavailable(cacheFailure); // the persistent cache's callback failed
        }
        catch (HelperException e)
        {
            // Our credential callbacks throw CredentialFailure; a bare one-line failure in here can only
            // come from the persistent cache's callbacks, which MSAL lets through unwrapped.
            throw new CacheUnavailable(e);
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
        catch (Exception e) when (e is JsonException or NullReferenceException)
        {
            // MSAL 4.92 lets these through for a success status whose body is not a JSON object: not JSON
            // (JsonException), empty or "}" (NullReferenceException). Found by fuzz/ entra-errors.
            throw WorkloadErrors.NotATokenResponse(_environment.AuthorityHost, e);
        }
    }

    /// <summary>The cached token, without the network or the lock; null when a grant is needed.</summary>
    private static async Task<AuthenticationResult?> CachedAsync(AcquireTokenForClientParameterBuilder builder, CancellationToken cancellationToken)
    {
        using (CacheOnly.Scope())
        {
            try
            {
                return await builder.ExecuteAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (CacheOnly.IsMiss(e))
            {
                return null;
            }
            catch (HelperException e)
            {
                throw new CacheUnavailable(e); // only the persistent cache's callbacks throw these here
            }
        }
    }

    private async Task<IAsyncDisposable> EnterSingleFlightAsync(ITokenCachePersistence persistence, string tenant, string describe, CancellationToken cancellationToken)
    {
        try
        {
            return await persistence.EnterSingleFlightAsync($"app|{_clientId}|{tenant}", $"getting a token for {describe}", cancellationToken).ConfigureAwait(false);
        }
        catch (HelperException e)
        {
            throw new CacheUnavailable(e); // the cache's lock folder cannot be used: go on without it
        }
    }

    private IConfidentialClientApplication GetApp(string tenant)
    {
        if (_app is not null && _appTenant == tenant)
        {
            return _app;
        }

        bool microsoft = Entra.IsMicrosoftAuthorityHost(_environment.AuthorityHost);
        var builder = ConfidentialClientApplicationBuilder.Create(_clientId)
            .WithAuthority(Entra.Authority(_environment.AuthorityHost, tenant).AbsoluteUri, validateAuthority: microsoft && _contactsAuthority)
            .WithCacheSynchronization(false)
            .WithTrace(_environment.Trace);
        // A non-Microsoft authority host (sovereign stand-in, ADFS-like proxy, the test emulator) has no
        // instance discovery endpoint; an app token provider never needs one.
        if (!microsoft || !_contactsAuthority)
        {
            builder = builder.WithInstanceDiscovery(false);
        }

        builder = builder.WithHttpClientFactory(_environment.MsalHttpClientFactory);
        var app = _credential(builder).Build();
        if (_persist)
        {
            _environment.CachePersistence!.Attach(app.AppTokenCache, TokenCachePartitions.App(_clientId));
        }

        _app = app;
        _appTenant = tenant;
        return app;
    }

    /// <summary>The persistent token cache failed, not the identity: the caller goes on with memory only.</summary>
    private sealed class CacheUnavailable(HelperException failure) : Exception(failure.Message, failure)
    {
        public HelperException Failure { get; } = failure;
    }
}
