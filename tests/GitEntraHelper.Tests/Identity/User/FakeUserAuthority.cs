using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using GitEntraHelper.Identity;
using GitEntraHelper.Settings;
using GitEntraHelper.Tests.Identity.Workload;
using Microsoft.Identity.Client;

namespace GitEntraHelper.Tests.Identity.User;

/// <summary>
/// Entra for real MSAL public clients in unit tests, through MSAL's HTTP seam (no network): the device code
/// endpoint, and a token endpoint whose device code poll answers with <see cref="DeviceCodeAnswer"/> and
/// whose refresh grant answers per tenant — the consumer tenant refuses the MSA pass-through client with
/// AADSTS9002332 as the emulator and Entra do (GCM issue 1297), any other tenant issues a new token. The
/// signed-in user is a Microsoft account: client_info utid and id token tid name the consumer tenant.
/// </summary>
internal sealed class FakeUserAuthority
{
    public const string Username = "max@outlook.example";
    private const string ObjectId = "00000000-0000-0000-1234-56789abcdef0";
    private int _issued;

    public FakeUserAuthority() => Http = new FakeHttp(Respond);

    /// <summary>One host per instance: MSAL throttles a request that failed with 5xx process-wide, by authority.</summary>
    public string Host { get; } = $"https://login-{Guid.NewGuid():N}.user-tests.invalid/";

    public FakeHttp Http { get; }

    /// <summary>What the device code poll gets; null: a token for the Microsoft account.</summary>
    public Func<HttpResponseMessage>? DeviceCodeAnswer { get; set; }

    /// <summary>The tenant path segment of every refresh grant, in order.</summary>
    public List<string> RefreshTenants { get; } = [];

    public IPublicClientApplication NewApp(string tenant = "organizations") =>
        PublicClientApplicationBuilder.Create(UserSignInSettings.DefaultClientId)
            .WithAuthority(Host + tenant, validateAuthority: false)
            .WithInstanceDiscovery(false)
            .WithRedirectUri("http://localhost")
            .WithHttpClientFactory(CacheOnly.HttpClientFactory(Http))
            .Build();

    public static async Task<AuthenticationResult> SignInAsync(IPublicClientApplication app) =>
        await app.AcquireTokenWithDeviceCode(Entra.AzureDevOpsScopes, _ => Task.CompletedTask).ExecuteAsync();

    /// <summary>The body Entra sends for an error, with every field the emulator's EntraError writes.</summary>
    public HttpResponseMessage Error(string error, int code, string description, string? suberror = null, string? claims = null, HttpStatusCode status = HttpStatusCode.BadRequest)
    {
        const string TraceId = "5c0f2a44-0d6e-4b8e-9a0e-3f0f6d6b2a00";
        const string CorrelationId = "8d2b9c1e-77aa-4f53-8b3c-0c7d7e9f1a11";
        const string Timestamp = "2026-12-01 10:00:00Z";
        var body = new JsonObject
        {
            ["error"] = error,
            ["error_description"] = $"AADSTS{code}: {description}\r\nTrace ID: {TraceId}\r\nCorrelation ID: {CorrelationId}\r\nTimestamp: {Timestamp}",
            ["error_codes"] = new JsonArray(code),
            ["timestamp"] = Timestamp,
            ["trace_id"] = TraceId,
            ["correlation_id"] = CorrelationId,
            ["error_uri"] = $"{Host}error?code={code}",
        };
        if (suberror is not null)
        {
            body["suberror"] = suberror;
        }

        if (claims is not null)
        {
            body["claims"] = claims; // a JSON string, as Entra sends it
        }

        return FakeHttp.Json(body.ToJsonString(), status);
    }

    private HttpResponseMessage? Respond(SeenRequest request)
    {
        string path = request.Uri.AbsolutePath;
        string tenant = path.Trim('/').Split('/')[0];
        if (path.EndsWith("/oauth2/v2.0/devicecode", StringComparison.Ordinal))
        {
            return FakeHttp.Json($"{{\"user_code\":\"ABC123\",\"device_code\":\"dc-1\",\"verification_uri\":\"{Host}devicelogin\",\"expires_in\":900,\"interval\":1,\"message\":\"enter ABC123\"}}");
        }

        if (!path.EndsWith("/oauth2/v2.0/token", StringComparison.Ordinal))
        {
            return null;
        }

        Dictionary<string, string> form = request.Form();
        if (form.GetValueOrDefault("grant_type") == "refresh_token")
        {
            RefreshTenants.Add(tenant);
            if (tenant == Entra.MicrosoftAccountTenant)
            {
                return Error("invalid_request", 9002332,
                    $"Application '{UserSignInSettings.DefaultClientId}'(Visual Studio - Legacy) is configured for use by Azure Active Directory users only. Please do not use the /consumers endpoint to serve this request.");
            }
        }
        else if (DeviceCodeAnswer is { } answer)
        {
            return answer();
        }

        return Tokens();
    }

    private HttpResponseMessage Tokens()
    {
        int n = Interlocked.Increment(ref _issued);
        string idToken = Jwt($$"""{"aud":"{{UserSignInSettings.DefaultClientId}}","iss":"{{Host}}{{Entra.MicrosoftAccountTenant}}/v2.0","tid":"{{Entra.MicrosoftAccountTenant}}","oid":"{{ObjectId}}","sub":"s","preferred_username":"{{Username}}","name":"Max","ver":"2.0","iat":1700000000,"nbf":1700000000,"exp":4102444800}""");
        string clientInfo = B64($$"""{"uid":"{{ObjectId}}","utid":"{{Entra.MicrosoftAccountTenant}}"}""");
        return FakeHttp.Json(
            $$"""{"token_type":"Bearer","scope":"{{Entra.AzureDevOpsScope}} openid profile offline_access","expires_in":3599,"ext_expires_in":3599,"access_token":"{{AccessToken(n)}}","refresh_token":"rt-{{n}}","id_token":"{{idToken}}","client_info":"{{clientInfo}}"}""");
    }

    public static string AccessToken(int n) => $"user-test-access-token-{n:D3}-" + new string('x', 40);

    private static string Jwt(string payload) => B64("""{"alg":"none","typ":"JWT"}""") + "." + B64(payload) + ".";

    private static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
