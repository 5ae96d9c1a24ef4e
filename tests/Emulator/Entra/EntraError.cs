using System.Globalization;
using System.Text.Json.Nodes;
using Emulator.Hosting;

namespace Emulator.Entra;

/// <summary>
/// An OAuth error as Entra writes it (learn.microsoft.com "Microsoft Entra authentication and
/// authorization error codes", and the responses recorded in README): error, an "AADSTSnnnnn: ..."
/// description whose Trace ID / Correlation ID / Timestamp lines are CRLF separated, error_codes,
/// timestamp, trace_id, correlation_id, error_uri, and suberror / claims (a JSON string) where Entra sends them.
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
            ["error_description"] = $"AADSTS{Code}: {Description}\r\nTrace ID: {traceId}\r\nCorrelation ID: {correlationId}\r\nTimestamp: {timestamp}",
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

    public static EntraError InvalidGrant(int code, string description) => new(400, "invalid_grant", code, description);

    public static EntraError InvalidScope(string description) => new(400, "invalid_scope", 70011, description);

    public static EntraError UserNotInTenant(Model.User user, string tenant, string clientId) => new(400, "invalid_grant", 50020,
        $"User account '{user.Upn}' from identity provider '{user.IdentityProvider}' does not exist in tenant '{tenant}' and cannot access the application '{clientId}' in that tenant. The account needs to be added as an external user in the tenant first.");

    /// <summary>
    /// What Entra answers an Entra-only app (here: the MSA pass-through public client) on the consumer
    /// tenant. Wording recorded in GCM issue 1297; invalid_request because MSAL raised it as a service
    /// error that GCM 2.1.2's MsalUiRequiredException handler did not catch (its "fatal:" line).
    /// </summary>
    public static EntraError AadUsersOnly(string clientId, string clientName) => new(400, "invalid_request", 9002332,
        $"Application '{clientId}'({clientName}) is configured for use by Azure Active Directory users only. Please do not use the /consumers endpoint to serve this request.");

    /// <summary>
    /// Conditional Access refusing the device code flow once the user signed in (seen on the token
    /// poll, azure-cli#32809): invalid_grant with suberror message_only, MSAL.NET's "cannot be
    /// resolved by interaction" class.
    /// </summary>
    public static EntraError DeviceCodeBlockedByConditionalAccess() => new(400, "invalid_grant", 53003,
        "Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.")
    {
        SubError = "message_only",
    };

    public static EntraError TemporarilyUnavailable(int status) => new(status, "temporarily_unavailable", 90033,
        "A transient error has occurred. Please try again.");
}
