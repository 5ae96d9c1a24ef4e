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
    /// <summary>Hosts MSAL knows; any other host (sovereign test stand-ins, the emulator) skips instance discovery.</summary>
    private static readonly string[] MicrosoftHosts =
    [
        "login.microsoftonline.com", "login.microsoft.com", "login.windows.net", "sts.windows.net",
        "login.microsoftonline.us", "login-us.microsoftonline.com", "login.usgovcloudapi.net",
        "login.chinacloudapi.cn", "login.partner.microsoftonline.cn", "login.microsoftonline.de",
    ];

    private readonly Dictionary<(string Tenant, bool Broker), IMsalUserClient> _clients = [];

    public static bool IsMicrosoftHost(Uri authorityHost) =>
        MicrosoftHosts.Contains(authorityHost.Host, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// MSAL's warnings, minus its cache bookkeeping (logged as warnings on every call) and the prefix of
    /// library/runtime/OS/time that every line repeats.
    /// </summary>
    internal static void WriteMsalLine(HelperTrace trace, string message)
    {
        if (message.Contains("[Internal cache]", StringComparison.Ordinal))
        {
            return;
        }

        const string Marker = "(git-credential-entra) ";
        int start = message.IndexOf(Marker, StringComparison.Ordinal);
        trace.WriteText("msal", start < 0 ? message : message[(start + Marker.Length)..]);
    }

    public IMsalUserClient Create(string tenant, bool broker)
    {
        if (_clients.TryGetValue((tenant, broker), out IMsalUserClient? existing))
        {
            return existing;
        }

        bool microsoft = IsMicrosoftHost(authorityHost);
        string authority = new Uri(authorityHost, Uri.EscapeDataString(tenant)).AbsoluteUri;
        PublicClientApplicationBuilder builder = PublicClientApplicationBuilder.Create(clientId)
            .WithAuthority(authority, validateAuthority: microsoft)
            .WithRedirectUri("http://localhost")
            .WithClientCapabilities(["cp1"])
            .WithClientName("git-credential-entra");
        if (!microsoft)
        {
            builder = builder.WithInstanceDiscovery(false);
        }

        if (broker)
        {
            builder = builder.WithBroker(new BrokerOptions(brokerPlatform.OperatingSystem) { Title = "Git" });
            if (OperatingSystem.IsWindows())
            {
                builder = builder.WithParentActivityOrWindow(brokerPlatform.ParentWindow);
            }
        }

        if (trace.IsEnabled)
        {
            builder = builder.WithLogging(
                (level, message, _) => WriteMsalLine(trace, message),
                LogLevel.Warning,
                enablePiiLogging: false,
                enableDefaultPlatformLogging: false);
        }

        trace.Write("signin", $"MSAL public client {clientId} authority {authority}{(broker ? " with broker" : string.Empty)}");
        IPublicClientApplication app = builder.Build();
        // Every signed-in account of every tenant shares one partition; attaching reads nothing yet.
        cache.Attach(app.UserTokenCache, TokenCachePartitions.User);
        var client = new MsalUserClient(app, broker);
        _clients[(tenant, broker)] = client;
        return client;
    }
}
