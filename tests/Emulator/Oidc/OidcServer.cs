using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Emulator.Hosting;
using Emulator.Model;

namespace Emulator.Oidc;

/// <summary>
/// The workload OIDC issuers' host: discovery documents and keys for each issuer, and the GitHub
/// Actions token request endpoint (ACTIONS_ID_TOKEN_REQUEST_URL, "&amp;audience=..." appended by clients).
/// </summary>
internal static class OidcServer
{
    public static WebApplication Create(EmulatorContext context, X509Certificate2 tls)
    {
        var app = ServerFactory.Create(tls);
        app.MapGet("/github/idtoken", http => GitHubTokenAsync(context, http, WellKnown.GitHubSubject, "refs/heads/main"));
        // A pull-request run of the same repository: no federated credential matches its subject.
        app.MapGet("/github/pull-request/idtoken", http => GitHubTokenAsync(context, http, WellKnown.GitHubPullRequestSubject, "refs/pull/1/merge"));
        app.MapGet("/{**issuerPath}", http => DiscoveryAsync(context, http));
        return app;
    }

    public static string GitHubRequestUrl(EmulatorContext context) => context.Urls.OidcBase + "github/idtoken?api-version=2.0";

    private static Task GitHubTokenAsync(EmulatorContext context, HttpContext http, string subject, string gitRef)
    {
        var authorization = http.Request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("bearer ", StringComparison.OrdinalIgnoreCase) || authorization[7..].Trim() != context.GitHubRequestToken)
        {
            return JsonReply.WriteAsync(http, 401, new JsonObject { ["message"] = "Bad credentials" });
        }

        var audience = http.Request.Query["audience"].FirstOrDefault() ?? "https://github.com/contoso";
        var token = context.Issuers.GitHub.Mint(subject, audience, TimeSpan.FromMinutes(5), new Dictionary<string, object>
        {
            ["repository"] = "contoso/demo",
            ["repository_owner"] = "contoso",
            ["ref"] = gitRef,
            ["ref_type"] = gitRef.StartsWith("refs/pull/", StringComparison.Ordinal) ? "pull_request" : "branch",
            ["event_name"] = gitRef.StartsWith("refs/pull/", StringComparison.Ordinal) ? "pull_request" : "push",
            ["workflow"] = "ci",
            ["runner_environment"] = "github-hosted",
        });
        return JsonReply.OkAsync(http, new JsonObject { ["count"] = 1, ["value"] = token });
    }

    /// <summary>{issuer}/.well-known/openid-configuration and {issuer}/.well-known/jwks for every issuer.</summary>
    private static Task DiscoveryAsync(EmulatorContext context, HttpContext http)
    {
        var path = http.Request.Path.Value ?? string.Empty;
        const string configuration = "/.well-known/openid-configuration";
        const string jwks = "/.well-known/jwks";
        var suffix = path.EndsWith(configuration, StringComparison.Ordinal) ? configuration
            : path.EndsWith(jwks, StringComparison.Ordinal) ? jwks : null;
        var issuer = suffix is null ? null : context.Issuers.FindByIssuer(context.Urls.OidcBase + path[1..^suffix.Length]);
        if (issuer is null)
        {
            return JsonReply.WriteAsync(http, 404, new JsonObject { ["message"] = "Not Found" });
        }

        return suffix == jwks
            ? JsonReply.OkAsync(http, issuer.Key.ToJwks())
            : JsonReply.OkAsync(http, new JsonObject
            {
                ["issuer"] = issuer.IssuerUrl,
                ["jwks_uri"] = issuer.IssuerUrl + jwks,
                ["response_types_supported"] = new JsonArray("id_token"),
                ["subject_types_supported"] = new JsonArray("public"),
                ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
                ["claims_supported"] = new JsonArray("sub", "aud", "exp", "iat", "iss", "jti", "nbf"),
            });
    }
}
