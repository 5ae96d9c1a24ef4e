using System.Net;
using System.Text;
using GitEntraHelper.Diagnostics;
using GitEntraHelper.Identity.User;
using GitEntraHelper.Settings;
using GitEntraHelper.Tests.Identity.Workload;
using Microsoft.Identity.Client;

namespace GitEntraHelper.Tests.Identity.User;

/// <summary>
/// Every error shape the emulator records (tests/Emulator/README.md: error, error_description with CRLF trace
/// and correlation ids, error_codes, suberror, claims as a JSON string, error_uri) and the shapes a proxy or a
/// bare answer give, through the real MSAL's device code poll, each to its one line: the AADSTS sentence, never
/// the ids, never JSON, never MSAL's advice.
/// </summary>
public sealed class ErrorShapeTests
{
    private const string Ids = "Trace ID";

    public static TheoryData<string, string> Shapes => new()
    {
        { "conditional-access", "Entra ID refused the sign-in for 'contoso': invalid_grant: AADSTS53003: Access has been blocked by Conditional Access policies. The access policy does not allow token issuance." },
        { "claims", "Entra ID refused the sign-in for 'contoso': interaction_required: AADSTS50076: Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '499b84ac-1321-427f-aa17-267ca6975798'." },
        { "msal-advice", "Entra ID refused the sign-in for 'contoso': invalid_client: AADSTS7000218: The request body must contain the following parameter: 'client_assertion' or 'client_secret'." },
        { "other-tenant", "Entra ID refused the sign-in for 'contoso': invalid_grant: AADSTS50020: User account 'wendy@woodgrove.example' from identity provider 'https://sts.windows.net/x/' does not exist in tenant 'contoso.example' and cannot access the application." },
        { "error-only", "Entra ID refused the sign-in for 'contoso': invalid_grant: HTTP 400 without a description" },
        { "empty-400", "Entra ID refused the sign-in for 'contoso': http_status_not_200: HTTP 400 without a description" },
        { "proxy-json", "Entra ID refused the sign-in for 'contoso': non_parsable_oauth_error: an HTTP 403 answer that is not an OAuth error (a proxy or gateway in between?)" },
        { "proxy-html", "Entra ID refused the sign-in for 'contoso': non_parsable_oauth_error: an HTTP 400 answer that is not an OAuth error (a proxy or gateway in between?)" },
        { "json-in-description", "Entra ID refused the sign-in for 'contoso': invalid_request: AADSTS900144: The request body must contain the following parameter …" },
        { "server-error", "Entra ID failed (HTTP 503) while signing in for 'contoso': try again later (service_not_available)" },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task Each_recorded_shape_is_its_one_line(string shape, string expected)
    {
        var authority = new FakeUserAuthority();
        authority.DeviceCodeAnswer = () => Answer(authority, shape);

        var e = await Assert.ThrowsAnyAsync<MsalException>(() => FakeUserAuthority.SignInAsync(authority.NewApp()));
        string line = MsalErrorLine.ToHelperException(e, "contoso").Message;

        Assert.Equal(expected, line);
        Assert.DoesNotContain('\n', line);
        Assert.DoesNotContain('{', line);
        Assert.DoesNotContain(Ids, line, StringComparison.Ordinal);
        Assert.DoesNotContain("Correlation", line, StringComparison.Ordinal);
        Assert.DoesNotContain("error?code", line, StringComparison.Ordinal); // error_uri
    }

    [Fact]
    public async Task Conditional_access_blocking_the_device_code_names_the_flows_that_still_work()
    {
        var authority = new FakeUserAuthority();
        authority.DeviceCodeAnswer = () => Answer(authority, "conditional-access");
        var e = await Assert.ThrowsAsync<MsalUiRequiredException>(() => FakeUserAuthority.SignInAsync(authority.NewApp()));
        Assert.Equal(UiRequiredExceptionClassification.MessageOnly, e.Classification); // suberror message_only

        HelperException line = MsalErrorLine.ToHelperException(e, "contoso", UserTestData.Tenant, SignInFlow.DeviceCode);

        Assert.Equal(
            $"Conditional Access of 'contoso' (tenant {UserTestData.Tenant}) does not allow signing in with a device code (AADSTS53003): " +
            "sign in with the browser or the OS broker instead (git config --global credential.msauthFlow system, or broker), from a desktop session or WSL, " +
            "or use a workload identity or the Azure CLI (credential.entraAzureCli)",
            line.Message);
        // The same refusal of a browser sign-in is the policy itself: no other flow to suggest.
        Assert.StartsWith("Entra ID refused the sign-in for 'contoso'", MsalErrorLine.ToHelperException(e, "contoso", null, SignInFlow.System).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AADSTS53000: Device is not in required device state: compliant.", "53000")]
    [InlineData("AADSTS50097: Device authentication is required.", "50097")]
    [InlineData("AADSTS530003: Your device is required to be managed to access this resource.", "530003")]
    public void A_device_the_policy_wants_managed_or_compliant_is_the_same_line_for_a_device_code(string entra, string code)
    {
        var e = new MsalServiceException("invalid_grant", entra + "\r\nTrace ID: x");

        string line = MsalErrorLine.ToHelperException(e, "contoso", null, SignInFlow.DeviceCode).Message;

        Assert.StartsWith($"Conditional Access of 'contoso' does not allow signing in with a device code (AADSTS{code}): sign in with the browser", line, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', line);
        Assert.StartsWith("Entra ID refused the sign-in for 'contoso'",
            MsalErrorLine.ToHelperException(new MsalServiceException("invalid_grant", "AADSTS50126: Error validating credentials."), "contoso", null, SignInFlow.DeviceCode).Message,
            StringComparison.Ordinal);
    }

    private static HttpResponseMessage Answer(FakeUserAuthority authority, string shape) => shape switch
    {
        "conditional-access" => authority.Error("invalid_grant", 53003,
            "Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.", suberror: "message_only"),
        "claims" => authority.Error("interaction_required", 50076,
            "Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '499b84ac-1321-427f-aa17-267ca6975798'.",
            suberror: "basic_action", claims: """{"access_token":{"capolids":{"essential":true,"values":["c1"]}}}"""),
        "msal-advice" => authority.Error("invalid_client", 7000218,
            "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.", status: HttpStatusCode.Unauthorized),
        "other-tenant" => authority.Error("invalid_grant", 50020,
            "User account 'wendy@woodgrove.example' from identity provider 'https://sts.windows.net/x/' does not exist in tenant 'contoso.example' and cannot access the application."),
        "error-only" => FakeHttp.Json("""{"error":"invalid_grant"}""", HttpStatusCode.BadRequest),
        "empty-400" => new HttpResponseMessage(HttpStatusCode.BadRequest),
        "proxy-json" => FakeHttp.Json("""{"error":{"code":"Forbidden","message":"blocked by policy"}}""", HttpStatusCode.Forbidden),
        "proxy-html" => new HttpResponseMessage(HttpStatusCode.BadRequest) { Content = new StringContent("<html><body>Bad Request {\"x\":1}</body></html>", Encoding.UTF8, "text/html") },
        "json-in-description" => authority.Error("invalid_request", 900144, "The request body must contain the following parameter {\"name\":\"grant_type\"}."),
        "server-error" => authority.Error("temporarily_unavailable", 90033, "A transient error has occurred. Please try again.", status: HttpStatusCode.ServiceUnavailable),
        _ => throw new ArgumentOutOfRangeException(nameof(shape)),
    };
}
