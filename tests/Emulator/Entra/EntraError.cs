using System.Globalization;
using System.Text.Json.Nodes;
using Emulator.Hosting;

namespace Emulator.Entra;

/// <summary>
/// An OAuth error as Entra writes it: error, "AADSTSnnnnn: ..." description with trace and
/// correlation ids, error_codes, timestamp, optional suberror and claims.
/// </summary>
internal sealed record EntraError(int Status, string Error, int Code, string Description)
{
    public string? SubError { get; init; }
    public string? Claims { get; init; }

    /// <summary>Expected polling answers (authorization_pending, slow_down) are not failures.</summary>
    public bool IsPollingAnswer => Error is "authorization_pending" or "slow_down";

    public JsonObject ToJson(HttpContext context)
    {
        var traceId = Guid.NewGuid().ToString();
        var correlationId = CorrelationId(context);
        var timestamp = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var body = new JsonObject
        {
            ["error"] = Error,
            ["error_description"] = $"AADSTS{Code}: {Description} Trace ID: {traceId} Correlation ID: {correlationId} Timestamp: {timestamp}",
            ["error_codes"] = new JsonArray(Code),
            ["timestamp"] = timestamp,
            ["trace_id"] = traceId,
            ["correlation_id"] = correlationId,
            ["error_uri"] = $"{context.Request.Scheme}://{context.Request.Host}/error?code={Code}",
        };
        if (SubError is not null)
        {
            body["suberror"] = SubError;
        }

        if (Claims is not null)
        {
            body["claims"] = Claims;
        }

        return body;
    }

    public Task WriteAsync(HttpContext context) => JsonReply.WriteAsync(context, Status, ToJson(context));

    public static string CorrelationId(HttpContext context) =>
        context.Request.Headers["client-request-id"].FirstOrDefault() is { Length: > 0 } id ? id : Guid.NewGuid().ToString();

    // The errors clients meet, with Entra's codes and wording.
    public static EntraError TenantNotFound(string tenant) => new(400, "invalid_request", 90002,
        $"Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.");

    public static EntraError UnknownClient(string clientId, string tenant) => new(400, "unauthorized_client", 700016,
        $"Application with identifier '{clientId}' was not found in the directory '{tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.");

    public static EntraError MissingParameter(string name) => new(400, "invalid_request", 900144,
        $"The request body must contain the following parameter: '{name}'.");

    public static EntraError InvalidSecret(string clientId) => new(401, "invalid_client", 7000215,
        $"Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{clientId}'.");

    public static EntraError MissingClientCredential() => new(401, "invalid_client", 7000218,
        "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");

    public static EntraError PublicClientCannotUseCredentials() => new(401, "invalid_client", 700025,
        "Client is public so neither 'client_assertion' nor 'client_secret' should be presented.");

    public static EntraError UnsupportedGrant(string grant) => new(400, "unsupported_grant_type", 70003,
        $"The app requested an unsupported grant type '{grant}'.");

    /// <summary>A Conditional Access policy that blocks this sign-in (e.g. one that blocks the device code flow).</summary>
    public static EntraError BlockedByConditionalAccess() => InvalidGrant(53003,
        "Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.");

    public static EntraError InvalidGrant(int code, string description) => new(400, "invalid_grant", code, description);

    public static EntraError InvalidScope(string description) => new(400, "invalid_scope", 70011, description);

    public static EntraError UserNotInTenant(string upn, string tenant, string clientId) => new(400, "invalid_grant", 50020,
        $"User account '{upn}' from identity provider does not exist in tenant '{tenant}' and cannot access the application '{clientId}' in that tenant. The account needs to be added as an external user in the tenant first.");

    public static EntraError TemporarilyUnavailable(int status) => new(status, "temporarily_unavailable", 90033,
        "A transient error has occurred. Please try again.");
}
