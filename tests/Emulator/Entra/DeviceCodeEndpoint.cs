using System.Text.Json.Nodes;
using Emulator.Hosting;

namespace Emulator.Entra;

/// <summary>
/// POST /{tenant}/oauth2/v2.0/devicecode: starts a device code sign-in. Like Entra, errors come
/// back as JSON on this endpoint. With auto-approval the code is approved at once. Numbers are JSON
/// numbers, as the v2.0 endpoint sends them (a public capture in README; the v1 endpoint's strings,
/// which MSAL.NET's test mocks use, are read by MSAL too).
/// </summary>
internal static class DeviceCodeEndpoint
{
    public static async Task HandleAsync(EmulatorContext context, HttpContext http)
    {
        var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync() : FormCollection.Empty;
        var segment = (string)http.GetRouteValue("tenant")!;
        if (TenantResolver.Resolve(context.Catalog, segment, out var tenant) is { } tenantError)
        {
            await tenantError.WriteAsync(http);
            return;
        }

        if (TenantResolver.FindClient(context.Catalog, form["client_id"].ToString(), segment, tenant, out var client) is { } clientError)
        {
            await clientError.WriteAsync(http);
            return;
        }

        if (!client!.IsPublicClient)
        {
            await new EntraError(400, "invalid_client", 7000218,
                "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.").WriteAsync(http);
            return;
        }

        var scope = form["scope"].ToString();
        if (ScopeRequest.Parse(scope, out var scopeError) is null)
        {
            await scopeError!.WriteAsync(http);
            return;
        }

        var lifetime = context.Switches.DeviceCodeLifetimeSeconds is > 0 and var seconds ? TimeSpan.FromSeconds(seconds) : DeviceCodeStore.Lifetime;
        var authorization = context.DeviceCodes.Create(segment, client, scope, form["claims"].FirstOrDefault(), lifetime);
        if (context.Switches.AutoApproval.ApproverFor(context.Catalog, segment) is { } user)
        {
            DeviceLoginEndpoint.SignIn(context, authorization, user);
        }

        var verificationUri = context.Urls.AuthorityHost + "devicelogin";
        var expiresIn = (long)lifetime.TotalSeconds;
        await JsonReply.OkAsync(http, new JsonObject
        {
            ["user_code"] = authorization.UserCode,
            ["device_code"] = authorization.DeviceCode,
            ["verification_uri"] = verificationUri,
            ["expires_in"] = expiresIn,
            ["interval"] = authorization.IntervalSeconds,
            ["message"] = $"To sign in, use a web browser to open the page {verificationUri} and enter the code {authorization.UserCode} to authenticate.",
        });
    }
}
