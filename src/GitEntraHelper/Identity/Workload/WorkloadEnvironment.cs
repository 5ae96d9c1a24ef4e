using System.Net.Http.Headers;
using GitEntraHelper.Diagnostics;
using GitEntraHelper.TokenCache;
using Microsoft.Identity.Client;

namespace GitEntraHelper.Identity.Workload;

/// <summary>
/// What every workload way shares: the authority host, the network time-out, the persistent app token
/// cache and one lazily built HttpClient for the OIDC endpoints of CI systems.
/// </summary>
internal sealed class WorkloadEnvironment : IDisposable
{
    private readonly HttpMessageHandler? _handler;
    private HttpClient? _http;

    /// <param name="trace">The run's trace: MSAL's warnings and the workload ways' own lines go there.</param>
    /// <param name="httpHandler">Carries every request (MSAL's included) instead of the default stack; unit tests use it.</param>
    public WorkloadEnvironment(Uri authorityHost, TimeSpan networkTimeout, ITokenCachePersistence? cachePersistence = null,
        HelperTrace? trace = null, HttpMessageHandler? httpHandler = null)
    {
        Trace = trace ?? HelperTrace.Disabled;
        _handler = httpHandler;
        MsalHttpClientFactory = CacheOnly.HttpClientFactory(httpHandler);
        AuthorityHost = authorityHost.AbsoluteUri.EndsWith('/') ? authorityHost : new Uri(authorityHost.AbsoluteUri + "/");
        NetworkTimeout = networkTimeout;
        CachePersistence = cachePersistence;
    }

    /// <summary>Entra base URL, ending with '/': AZURE_AUTHORITY_HOST or the public cloud.</summary>
    public Uri AuthorityHost { get; }

    public TimeSpan NetworkTimeout { get; }

    public ITokenCachePersistence? CachePersistence { get; }

    /// <summary>The run's trace.</summary>
    public HelperTrace Trace { get; }

    /// <summary>MSAL's HTTP: the default stack (or the tests' handler), behind <see cref="CacheOnly"/>'s gate.</summary>
    public IMsalHttpClientFactory MsalHttpClientFactory { get; }

    /// <summary>For CI OIDC endpoints; built on first use so a cached `get` never pays for it.</summary>
    public HttpClient Http => _http ??= _handler is null ? CreateHttpClient(NetworkTimeout) : new HttpClient(_handler, disposeHandler: false);

    public void Dispose() => _http?.Dispose();

    private static HttpClient CreateHttpClient(TimeSpan timeout)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = timeout,
            AllowAutoRedirect = false, // a redirect would carry our bearer token to wherever it points
        };
        var client = new HttpClient(handler) { Timeout = timeout };
        client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("git-credential-entra", typeof(WorkloadEnvironment).Assembly.GetName().Version?.ToString(3) ?? "0"));
        return client;
    }
}
