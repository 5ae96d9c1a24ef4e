using Emulator.Entra.Grants;
using Emulator.Hosting;

namespace Emulator.Entra;

/// <summary>POST /{tenant}/oauth2/v2.0/token: resolves tenant and client, then runs the grant.</summary>
internal static class TokenEndpoint
{
    public static async Task HandleAsync(EmulatorContext context, HttpContext http)
    {
        var result = await IssueAsync(context, http);
        if (result.Error is { } error)
        {
            if (!error.IsPollingAnswer)
            {
                context.Stats.FailedTokenRequest();
            }

            await error.WriteAsync(http);
            return;
        }

        await JsonReply.OkAsync(http, result.Response!);
    }

    private static async Task<GrantResult> IssueAsync(EmulatorContext context, HttpContext http)
    {
        if (!http.Request.HasFormContentType)
        {
            return new EntraError(400, "invalid_request", 900144, "The request body must contain the following parameter: 'grant_type'.");
        }

        var form = await http.Request.ReadFormAsync();
        var segment = (string)http.GetRouteValue("tenant")!;
        if (TenantResolver.Resolve(context.Catalog, segment, out var tenant) is { } tenantError)
        {
            return tenantError;
        }

        if (TenantResolver.FindClient(context.Catalog, form["client_id"].ToString(), segment, tenant, out var client) is { } clientError)
        {
            return clientError;
        }

        var request = new GrantRequest(http, form, segment, tenant, client!);
        return request["grant_type"] switch
        {
            "authorization_code" => AuthorizationCodeGrant.Redeem(context, request),
            "urn:ietf:params:oauth:grant-type:device_code" or "device_code" => DeviceCodeGrant.Redeem(context, request),
            "refresh_token" => RefreshTokenGrant.Redeem(context, request),
            "client_credentials" => await ClientCredentialsGrant.RedeemAsync(context, request),
            null or "" => EntraError.MissingParameter("grant_type"),
            var other => EntraError.UnsupportedGrant(other),
        };
    }
}
