using System.Globalization;
using System.Text.Json.Nodes;
using Emulator.Entra;
using Emulator.Hosting;
using Emulator.Model;
using Emulator.Tokens;

namespace Emulator.ManagedIdentity;

/// <summary>
/// An App Service–style managed identity endpoint (IDENTITY_ENDPOINT/IDENTITY_HEADER), on plain
/// http as in App Service: GET ?api-version=2019-08-01&amp;resource=R with X-IDENTITY-HEADER, and
/// client_id / mi_res_id / object_id to pick a user-assigned identity.
/// </summary>
internal static class AppServiceIdentityServer
{
    public const string Path = "/msi/token";

    public static WebApplication Create(EmulatorContext context, string identityHeader)
    {
        var app = ServerFactory.Create(tlsCertificate: null);
        app.Use((http, next) => AuthorityConditions.ApplyAsync(context.Switches, http, () => next(http)));
        app.MapGet(Path, http => TokenAsync(context, identityHeader, http));
        return app;
    }

    private static Task TokenAsync(EmulatorContext context, string identityHeader, HttpContext http)
    {
        var query = http.Request.Query;
        if (http.Request.Headers["X-IDENTITY-HEADER"].ToString() != identityHeader)
        {
            return ErrorAsync(http, 401, "The X-IDENTITY-HEADER header is missing or does not match IDENTITY_HEADER.");
        }

        if (query["api-version"] != "2019-08-01")
        {
            return ErrorAsync(http, 400, $"The api-version '{query["api-version"]}' is not supported; use 2019-08-01.");
        }

        var resource = query["resource"].ToString();
        var scopes = string.IsNullOrEmpty(resource) ? null : ScopeRequest.Parse(resource.TrimEnd('/') + "/.default", out _);
        if (scopes is null)
        {
            return ErrorAsync(http, 400, "The 'resource' query parameter is required.");
        }

        var identity = SelectIdentity(context.Catalog, query);
        if (identity is null)
        {
            return ErrorAsync(http, 400, "No managed identity found for the specified client_id, mi_res_id or object_id.");
        }

        var token = context.Tokens.CreateAccessToken(TokenSubject.ForApp(identity, ClientAuthentication.Assertion), scopes.Audience, [], []);
        context.Stats.ManagedIdentityGrant();
        return JsonReply.OkAsync(http, new JsonObject
        {
            ["access_token"] = token.Value,
            ["expires_on"] = token.ExpiresOn.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            ["resource"] = resource,
            ["token_type"] = "Bearer",
            ["client_id"] = identity.ClientId,
        });
    }

    private static ClientApp? SelectIdentity(Catalog catalog, IQueryCollection query)
    {
        ClientApp[] identities = [catalog.SystemManagedIdentity, catalog.UserManagedIdentity];
        if (query["client_id"].FirstOrDefault() is { Length: > 0 } clientId)
        {
            return identities.FirstOrDefault(i => string.Equals(i.ClientId, clientId, StringComparison.OrdinalIgnoreCase));
        }

        if (query["mi_res_id"].FirstOrDefault() is { Length: > 0 } resourceId)
        {
            return identities.FirstOrDefault(i => string.Equals(i.ManagedIdentityResourceId, resourceId, StringComparison.OrdinalIgnoreCase));
        }

        if ((query["object_id"].FirstOrDefault() ?? query["principal_id"].FirstOrDefault()) is { Length: > 0 } objectId)
        {
            return identities.FirstOrDefault(i => string.Equals(i.ObjectId, objectId, StringComparison.OrdinalIgnoreCase));
        }

        return catalog.SystemManagedIdentity;
    }

    private static Task ErrorAsync(HttpContext http, int status, string message) =>
        JsonReply.WriteAsync(http, status, new JsonObject
        {
            ["statusCode"] = status,
            ["message"] = message,
            ["correlationId"] = Guid.NewGuid().ToString(),
        });
}
