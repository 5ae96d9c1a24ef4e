using System.Net;
using GitEntraHelper.Diagnostics;
using Microsoft.Identity.Client;

namespace GitEntraHelper.Identity.Workload;

/// <summary>
/// The troubleshooting table: each known Entra ID / Azure DevOps failure becomes one line that names
/// the identity, the error code and the fix. Messages never include a token, secret or assertion.
/// </summary>
internal static class WorkloadErrors
{
    /// <summary>Maps an MSAL failure of a workload way.</summary>
    /// <param name="who">e.g. "service principal 1111…" — names the identity and where it was configured.</param>
    /// <param name="clientId">The application (client) id, for messages that must name it; null for managed identity.</param>
    /// <param name="assertion">What the last federated assertion carried, for AADSTS70021/700213; null otherwise.</param>
    public static HelperException FromMsal(MsalException e, string who, string? clientId, string? tenantId, AssertionClaims? assertion)
    {
        var code = AadstsCode(e);
        var error = FirstLine(e.ErrorCode ?? string.Empty); // the server's "error" value, one line (found by fuzz/ entra-errors)
        var app = clientId is null ? who : $"application {clientId}";
        var tenant = tenantId ?? "(unknown tenant)";
        var line = code switch
        {
            "700016" => $"Entra ID does not know {app} in tenant {tenant} (AADSTS700016): check the client id and the tenant id (AZURE_CLIENT_ID / AZURE_TENANT_ID or credential.azreposServicePrincipal), and that the app is registered or consented in that tenant.",
            "7000215" => $"Entra ID rejected the client secret of {app} (AADSTS7000215): set the secret's value (not its id), or create a new secret and update AZURE_CLIENT_SECRET / credential.azreposServicePrincipalSecret.",
            "7000222" => $"The client secret of {app} has expired (AADSTS7000222): create a new secret and update AZURE_CLIENT_SECRET / credential.azreposServicePrincipalSecret.",
            "70021" or "700213" or "700211" or "700212" => FederationMismatch(code, app, assertion),
            "700024" => $"The federated token for {app} is outside its validity time (AADSTS700024): refresh the token (AZURE_FEDERATED_TOKEN_FILE is re-read on every request) and check the machine clock.",
            "700027" or "700023" => $"Entra ID rejected the certificate assertion of {app} (AADSTS{code}): upload this certificate's public part to the app registration, or set credential.azreposServicePrincipalCertificateSendX5C=true if the app trusts subject name + issuer.",
            "50076" or "50079" or "50158" or "53003" => $"Entra ID requires a Conditional Access step (MFA or claims) for {who} (AADSTS{code}), which a workload cannot satisfy: exclude this identity from the policy, or sign in as a user.",
            "90002" => $"Entra ID does not know tenant {tenant} (AADSTS90002): check AZURE_TENANT_ID or the tenant part of credential.azreposServicePrincipal.",
            "500011" => $"Tenant {tenant} has no Azure DevOps service principal (AADSTS500011): connect the Azure DevOps organization to this tenant, or use the organization's tenant id.",
            "7000112" or "700025" => $"{Capitalize(app)} is disabled or not allowed to use this credential (AADSTS{code}): enable it in the tenant, or use another identity.",
            _ => null,
        };
        if (line is not null)
            return new HelperException(line, 1, e);

        if (e.ErrorCode is "claims_challenge_required" or "interaction_required" or "insufficient_claims")
            return new HelperException($"Entra ID requires a claims challenge for {who} ({error}), which a workload cannot satisfy: exclude this identity from the Conditional Access policy, or sign in as a user.", 1, e);
        if (IsNetwork(e))
            return new HelperException($"Entra ID could not be reached for {who} ({Describe(e)}): check the network, the proxy (HTTPS_PROXY) and AZURE_AUTHORITY_HOST, then retry.", 1, e);
        if (e is MsalServiceException { StatusCode: >= 500 } unavailable)
            return new HelperException($"Entra ID answered HTTP {unavailable.StatusCode} for {who} ({error}): the service is unavailable; retry later.", 1, e);
        if (e.AdditionalExceptionData?.ContainsKey(MsalException.ManagedIdentitySource) == true || e.ErrorCode?.StartsWith("managed_identity", StringComparison.Ordinal) == true)
            return new HelperException($"The managed identity endpoint refused a token for {who} ({error}: {FirstLine(e.Message)}): check that this identity is assigned to the machine and that IDENTITY_ENDPOINT/IDENTITY_HEADER are the platform's.", 1, e);

        var prefix = code is null ? error : "AADSTS" + code;
        return new HelperException($"Entra ID refused a token for {who} ({prefix}): {EntraErrorText.Describe(e)}", 1, e);
    }

    /// <summary>A request of ours that did not answer in time or could not connect.</summary>
    public static HelperException Unreachable(string what, Uri endpoint, Exception e) =>
        new($"{Capitalize(what)} at {endpoint.GetLeftPart(UriPartial.Authority)} could not be reached ({Describe(e)}): check the network and the proxy (HTTPS_PROXY), then retry.", 1, e);

    /// <summary>The token endpoint answered, but not with JSON (a proxy's or portal's page, a wrong authority host).</summary>
    public static HelperException NotATokenResponse(Uri authorityHost, Exception e) =>
        new($"Entra ID at {authorityHost.GetLeftPart(UriPartial.Authority)} answered with something that is not a token response ({FirstLine(e.Message)}): check AZURE_AUTHORITY_HOST and the proxy (HTTPS_PROXY).", 1, e);

    /// <summary>
    /// Maps an Azure DevOps answer to a request made with our token. Returns null for success (2xx except
    /// 203, which is Azure DevOps' sign-in page for a token it did not accept).
    /// </summary>
    public static HelperException? FromAzureDevOps(HttpStatusCode status, string? body, string organization, string identity)
    {
        var code = (int)status;
        if (code is >= 200 and < 300 && status != HttpStatusCode.NonAuthoritativeInformation)
            return null;
        body ??= string.Empty;
        if (body.Contains("TF401444", StringComparison.Ordinal))
            return new($"Azure DevOps has not yet seen {identity} in organization {organization} (TF401444): sign in to the organization once in a web browser with this identity, then retry.");
        if (body.Contains("VS800075", StringComparison.Ordinal) || (status == HttpStatusCode.NotFound && body.Contains("project", StringComparison.OrdinalIgnoreCase)))
            return new($"The project was not found in organization {organization}, or {identity} cannot see it (VS800075): check the project name in the URL and the identity's project permissions.");
        if (body.Contains("VS30063", StringComparison.Ordinal))
            return new($"Azure DevOps did not accept the token of {identity} (VS30063: expired, revoked, or for another audience or tenant): run the git command again (git's erase makes the helper fetch a new token), and check AZURE_AUTHORITY_HOST and the tenant.");
        if (status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NonAuthoritativeInformation)
            return new($"{Capitalize(identity)} has no access to organization {organization} (HTTP {code}{ErrorId(body)}): add it to the organization (Organization settings > Users) with at least Basic or Stakeholder access, or use another identity.");
        if (status == HttpStatusCode.NotFound)
            return new($"Organization {organization} or the requested resource was not found (HTTP 404): check the URL.");
        return new($"Azure DevOps answered HTTP {code} for organization {organization}{ErrorId(body)}: retry later, or check the service status.");
    }

    internal static string? AadstsCode(MsalException e) => EntraErrorText.Code(e);

    private static string FederationMismatch(string code, string app, AssertionClaims? assertion)
    {
        var carried = assertion is null || assertion == AssertionClaims.None
            ? "the assertion's issuer and subject"
            : $"issuer '{FirstLine(assertion.Issuer ?? "(none)")}' and subject '{FirstLine(assertion.Subject ?? "(none)")}'"; // the token's claims: one line each (found by fuzz/ entra-errors)
        return $"{Capitalize(app)} has no federated credential matching the presented token (AADSTS{code}): add one with {carried} and audience api://AzureADTokenExchange, or fix the client id.";
    }

    private static bool IsNetwork(MsalException e) =>
        e.ErrorCode is "request_timeout" or "managed_identity_unreachable_network"
        || e.InnerException is HttpRequestException or OperationCanceledException or TimeoutException;

    private static string Describe(Exception e) => e switch
    {
        TaskCanceledException or OperationCanceledException or TimeoutException => "time-out",
        HttpRequestException h when h.HttpRequestError != HttpRequestError.Unknown => h.HttpRequestError.ToString(),
        MsalException m when m.InnerException is { } inner => Describe(inner),
        MsalException m => FirstLine(m.ErrorCode ?? string.Empty),
        _ => FirstLine(e.Message),
    };

    private static string ErrorId(string body) => AzureDevOps.ServiceErrorCode.Of(body) is { } code ? ", " + code : string.Empty;

    internal static string FirstLine(string message)
    {
        var line = message.AsSpan().Trim();
        var nl = line.IndexOfAny('\r', '\n');
        if (nl >= 0)
            line = line[..nl];
        var s = line.ToString();
        // Entra appends trace/correlation ids and timestamps: useful in traces, noise in the one line.
        var trace = s.IndexOf(" Trace ID:", StringComparison.Ordinal);
        if (trace > 0)
            s = s[..trace];
        return s.Length > 240 ? s[..240] + "…" : s;
    }

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
