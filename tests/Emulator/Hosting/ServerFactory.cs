using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Emulator.Hosting;

/// <summary>
/// Builds one minimal Kestrel server bound to 127.0.0.1 on a free port. The empty builder keeps
/// start-up fast and avoids appsettings file watchers, so many emulators can run side by side.
/// </summary>
internal static class ServerFactory
{
    public static WebApplication Create(X509Certificate2? tlsCertificate)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseKestrelCore();
        if (tlsCertificate is not null)
        {
            builder.WebHost.UseKestrelHttpsConfiguration();
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null; // git pushes can be large
            // Loopback IPv4 only: never any other address.
            kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                if (tlsCertificate is not null)
                {
                    // HTTP/2 when the client offers it in TLS ALPN (curl and git do), as the real
                    // services answer: header names then arrive lower-case.
                    listen.Protocols = Microsoft.AspNetCore.Server.Kestrel.Core.HttpProtocols.Http1AndHttp2;
                    listen.UseHttps(tlsCertificate);
                }
            });
        });
        builder.Services.AddRouting();
        builder.Services.AddLogging(logging => logging
            .AddSimpleConsole(console => console.SingleLine = true)
            .SetMinimumLevel(LogLevel.Warning));
        return builder.Build();
    }

    /// <summary>The base URL Kestrel actually bound (port chosen by the OS).</summary>
    public static Uri BoundAddress(WebApplication app)
    {
        var server = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>();
        var addresses = server.Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!;
        return new Uri(addresses.Addresses.Single());
    }
}
