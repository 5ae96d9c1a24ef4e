using GitEntraHelper.Diagnostics;
using GitEntraHelper.TokenCache;
using Microsoft.Identity.Client;
using Microsoft.Identity.Client.Broker;

namespace GitEntraHelper.Identity.User;

/// <summary>
/// Builds the MSAL public client for the signed-in user: authority = authority host + tenant, loopback
/// redirect, client capability cp1 (so Entra issues CAE tokens and we answer claims challenges), the OS
/// broker only when asked; its user token cache persisted by TokenCache/. Built lazily and once per
/// (tenant, broker) pair: a cached get builds one.
/// </summary>
internal sealed class PublicClientAppFactory(
    string clientId,
    Uri authorityHost,
    ITokenCachePersistence cache,
    IBrokerPlatform brokerPlatform,
    HelperTrace trace) : IMsalUserClientFactory
{
    /// <summary>One HTTP stack for every MSAL client of the process, behind the cache-only gate.</summary>
    private static readonly IMsalHttpClientFactory Http = CacheOnly.HttpClientFactory();

    private readonly Dictionary<(string Tenant, bool Broker), IMsalUserClient> _clients = [];

    /// <summary>The broker-enabled client's redirect URI (the app's registered broker URI on macOS and Linux), or null: http://localhost.</summary>
    public string? BrokerRedirectUri { get; init; }

    public IMsalUserClient Create(string tenant, bool broker)
    {
        if (_clients.TryGetValue((tenant, broker), out IMsalUserClient? existing))
        {
            return existing;
        }

        bool microsoft = Entra.IsMicrosoftAuthorityHost(authorityHost);
        string authority = Entra.Authority(authorityHost, tenant).AbsoluteUri;
        PublicClientApplicationBuilder builder = PublicClientApplicationBuilder.Create(clientId)
            .WithAuthority(authority, validateAuthority: microsoft)
            .WithRedirectUri(broker && BrokerRedirectUri is { } brokerRedirect ? brokerRedirect : "http://localhost")
            .WithClientCapabilities(["cp1"])
            .WithClientName("git-credential-entra")
            .WithHttpClientFactory(Http)
            .WithTrace(trace);
        if (!microsoft)
        {
            builder = builder.WithInstanceDiscovery(false);
        }

        if (broker)
        {
            builder = builder.WithBroker(BrokerChoice.Options(brokerPlatform.OperatingSystem, clientId));
            if (OperatingSystem.IsWindows())
            {
                builder = builder.WithParentActivityOrWindow(brokerPlatform.ParentWindow);
            }
        }

        trace.Write("signin", $"MSAL public client {clientId} authority {authority}{(broker ? " with broker" : string.Empty)}");
        IPublicClientApplication app = builder.Build();
        // Every signed-in account of every tenant shares one partition; attaching reads nothing yet.
        cache.Attach(app.UserTokenCache, TokenCachePartitions.User);
        var client = new MsalUserClient(app, broker, tenant);
        _clients[(tenant, broker)] = client;
        return client;
    }
}
