using System.Text.Json.Nodes;
using Emulator.Hosting;

namespace Emulator.Entra;

/// <summary>OpenID configuration, JWKS and the instance discovery answer MSAL asks for when discovery is on.</summary>
internal static class DiscoveryEndpoints
{
    public static Task OpenIdConfigurationAsync(EmulatorContext context, HttpContext http)
    {
        var segment = (string)http.GetRouteValue("tenant")!;
        if (TenantResolver.Resolve(context.Catalog, segment, out var tenant) is { } error)
        {
            return error.WriteAsync(http);
        }

        var host = context.Urls.AuthorityHost;
        var issuerTenant = tenant?.Id ?? "{tenantid}";
        return JsonReply.OkAsync(http, new JsonObject
        {
            ["issuer"] = $"{host}{issuerTenant}/v2.0",
            ["authorization_endpoint"] = $"{host}{segment}/oauth2/v2.0/authorize",
            ["token_endpoint"] = $"{host}{segment}/oauth2/v2.0/token",
            ["device_authorization_endpoint"] = $"{host}{segment}/oauth2/v2.0/devicecode",
            ["end_session_endpoint"] = $"{host}{segment}/oauth2/v2.0/logout",
            ["jwks_uri"] = $"{host}{segment}/discovery/v2.0/keys",
            ["token_endpoint_auth_methods_supported"] = new JsonArray("client_secret_post", "private_key_jwt", "client_secret_basic"),
            ["response_modes_supported"] = new JsonArray("query", "fragment", "form_post"),
            ["response_types_supported"] = new JsonArray("code", "id_token", "code id_token", "id_token token"),
            ["scopes_supported"] = new JsonArray("openid", "profile", "email", "offline_access"),
            ["subject_types_supported"] = new JsonArray("pairwise"),
            ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
            ["claims_supported"] = new JsonArray("sub", "iss", "aud", "exp", "iat", "nonce", "preferred_username", "name", "tid", "ver", "oid"),
            ["request_uri_parameter_supported"] = false,
            ["tenant_region_scope"] = "WW",
            ["cloud_instance_name"] = "emulator.local",
            ["cloud_graph_host_name"] = "graph.windows.net",
            ["msgraph_host"] = "graph.microsoft.com",
        });
    }

    public static Task KeysAsync(EmulatorContext context, HttpContext http) => JsonReply.OkAsync(http, context.EntraKey.ToJwks());

    /// <summary>GET /common/discovery/instance: this host is its own (only) alias.</summary>
    public static Task InstanceDiscoveryAsync(EmulatorContext context, HttpContext http)
    {
        var host = new Uri(context.Urls.AuthorityHost).Authority;
        var authorizationEndpoint = http.Request.Query["authorization_endpoint"].FirstOrDefault() ?? context.Urls.AuthorityHost + "common/oauth2/v2.0/authorize";
        var tenant = Uri.TryCreate(authorizationEndpoint, UriKind.Absolute, out var uri) && uri.Segments.Length > 1
            ? uri.Segments[1].TrimEnd('/')
            : "common";
        return JsonReply.OkAsync(http, new JsonObject
        {
            ["tenant_discovery_endpoint"] = $"{context.Urls.AuthorityHost}{tenant}/v2.0/.well-known/openid-configuration",
            ["api-version"] = "1.1",
            ["metadata"] = new JsonArray(new JsonObject
            {
                ["preferred_network"] = host,
                ["preferred_cache"] = host,
                ["aliases"] = new JsonArray(host),
            }),
        });
    }
}
