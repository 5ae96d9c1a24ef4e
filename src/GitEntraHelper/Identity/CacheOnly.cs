using Microsoft.Identity.Client;

namespace GitEntraHelper.Identity;

/// <summary>
/// Lets a silent acquisition answer from the token cache alone, so it can run before the single-flight lock:
/// a lock holder that is stopped, slow or waiting for a person must never block a token the cache already
/// holds. While a <see cref="Scope"/> is open, MSAL's HTTP requests (and our assertion and managed identity
/// callbacks) fail at once with <see cref="CacheOnlyMiss"/>; the caller then takes the lock and asks again
/// with the network. Every MSAL application of ours sends its HTTP through <see cref="HttpClientFactory"/>.
/// </summary>
public static class CacheOnly
{
    private static readonly AsyncLocal<bool> s_active = new();

    /// <summary>True inside a <see cref="Scope"/> of the current flow.</summary>
    public static bool IsActive => s_active.Value;

    /// <summary>From now until disposed, this flow may not use the network for a token.</summary>
    public static IDisposable Scope()
    {
        s_active.Value = true;
        return new Reset();
    }

    /// <summary>Throws <see cref="CacheOnlyMiss"/> inside a scope (for callbacks that would fetch something).</summary>
    public static void ThrowIfActive()
    {
        if (IsActive)
        {
            throw new CacheOnlyMiss();
        }
    }

    /// <summary>True when <paramref name="e"/> (or what it wraps) is the cache-only refusal.</summary>
    public static bool IsMiss(Exception e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is CacheOnlyMiss)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>MSAL's HTTP over <paramref name="inner"/> (null: a default handler, as MSAL's own factory builds), gated.</summary>
    public static IMsalHttpClientFactory HttpClientFactory(HttpMessageHandler? inner = null) =>
        new Factory(new HttpClient(new Gate(inner ?? new HttpClientHandler { UseDefaultCredentials = true }), disposeHandler: inner is null));

    private sealed class Reset : IDisposable
    {
        public void Dispose() => s_active.Value = false;
    }

    private sealed class Factory(HttpClient client) : IMsalHttpClientFactory
    {
        public HttpClient GetHttpClient() => client;
    }

    private sealed class Gate(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            ThrowIfActive();
            return base.SendAsync(request, cancellationToken);
        }
    }
}

/// <summary>A cache-only acquisition needed the network: not a failure, the caller goes on under the lock.</summary>
public sealed class CacheOnlyMiss() : HttpRequestException("the token cache alone cannot answer");
