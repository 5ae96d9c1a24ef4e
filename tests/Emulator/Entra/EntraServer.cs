using Emulator.Hosting;

namespace Emulator.Entra;

/// <summary>The Microsoft Entra ID side: AZURE_AUTHORITY_HOST.</summary>
internal static class EntraServer
{
    public static WebApplication Create(EmulatorContext context, System.Security.Cryptography.X509Certificates.X509Certificate2 tls)
    {
        var app = ServerFactory.Create(tls);
        app.Use((http, next) => AuthorityConditions.ApplyAsync(context.Switches, http, () => next(http)));

        app.MapGet("/{tenant}/v2.0/.well-known/openid-configuration", http => DiscoveryEndpoints.OpenIdConfigurationAsync(context, http));
        app.MapGet("/{tenant}/discovery/v2.0/keys", http => DiscoveryEndpoints.KeysAsync(context, http));
        app.MapGet("/{tenant}/discovery/keys", http => DiscoveryEndpoints.KeysAsync(context, http));
        app.MapGet("/{tenant}/discovery/instance", http => DiscoveryEndpoints.InstanceDiscoveryAsync(context, http));

        app.MapGet("/{tenant}/oauth2/v2.0/authorize", http => AuthorizeEndpoint.AuthorizeAsync(context, http));
        app.MapPost("/{tenant}/login", http => AuthorizeEndpoint.SubmitSignInAsync(context, http));
        app.MapPost("/{tenant}/oauth2/v2.0/devicecode", http => DeviceCodeEndpoint.HandleAsync(context, http));
        app.MapPost("/{tenant}/oauth2/v2.0/token", http => TokenEndpoint.HandleAsync(context, http));
        app.MapGet("/devicelogin", http => DeviceLoginEndpoint.ShowAsync(context, http));
        app.MapPost("/devicelogin", http => DeviceLoginEndpoint.SubmitAsync(context, http));
        return app;
    }
}
