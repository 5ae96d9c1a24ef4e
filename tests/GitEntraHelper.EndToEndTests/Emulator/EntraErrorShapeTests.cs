using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GitEntraHelper.EndToEndTests.Infrastructure;
using Microsoft.Identity.Client;

namespace GitEntraHelper.EndToEndTests.Emulator;

/// <summary>
/// The token endpoint's error bodies as Entra writes them, the device code response's number types,
/// and a Conditional Access policy that blocks the device code flow (AADSTS53003, suberror
/// message_only, answered on the token poll once the user has signed in).
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed partial class EntraErrorShapeTests(EmulatorFixture emulator)
{
    private const string Scope = "499b84ac-1321-427f-aa17-267ca6975798/.default offline_access openid profile";

    [OsFact(TestOs.All)]
    public async Task An_error_has_the_fields_and_crlf_separated_trace_lines_entra_sends()
    {
        using var client = emulator.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{emulator.Authority}/oauth2/v2.0/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = emulator["EMULATOR_SP_CLIENT_ID"],
                ["client_secret"] = "not-the-secret",
                ["scope"] = "499b84ac-1321-427f-aa17-267ca6975798/.default",
            }),
        };
        var correlation = Guid.NewGuid().ToString();
        request.Headers.Add("client-request-id", correlation);
        using var response = await client.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(correlation, Assert.Single(response.Headers.GetValues("client-request-id")));
        Assert.Equal("invalid_client", (string?)body["error"]);
        var match = Description().Match((string)body["error_description"]!);
        Assert.True(match.Success, (string?)body["error_description"]);
        Assert.Equal("7000215", match.Groups["code"].Value);
        Assert.Equal(7000215, body["error_codes"]!.AsArray().Single()!.GetValue<int>());
        Assert.Equal(match.Groups["trace"].Value, (string?)body["trace_id"]);
        Assert.Equal(correlation, match.Groups["correlation"].Value);
        Assert.Equal(correlation, (string?)body["correlation_id"]);
        Assert.Equal(match.Groups["timestamp"].Value, (string?)body["timestamp"]);
        Assert.Equal($"{emulator.AuthorityHost}error?code=7000215", (string?)body["error_uri"]);
        Assert.Null(body["suberror"]);
    }

    [OsFact(TestOs.All)]
    public async Task Interaction_required_has_a_suberror_and_the_claims_as_a_json_string()
    {
        using var client = emulator.CreateHttpClient();
        var tokens = await SignInAsync(client);
        var claims = """{"access_token":{"nbf":{"essential":true,"value":"1"},"acrs":{"essential":true,"value":"c1"}}}""";

        var (status, error) = await PostAsync(client, "token", new()
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = emulator.PublicClientId,
            ["refresh_token"] = (string)tokens["refresh_token"]!,
            ["scope"] = Scope,
            ["claims"] = claims,
        });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("interaction_required", (string?)error["error"]);
        Assert.Equal("basic_action", (string?)error["suberror"]);
        Assert.Equal(JsonValueKind.String, error["claims"]!.GetValueKind());
        Assert.Equal("c1", (string?)JsonNode.Parse((string)error["claims"]!)!["access_token"]!["acrs"]!["value"]);
    }

    [OsFact(TestOs.All)]
    public async Task Device_code_numbers_are_json_numbers_as_the_v2_endpoint_sends_them()
    {
        using var client = emulator.CreateHttpClient();

        var (status, started) = await PostAsync(client, "devicecode", new() { ["client_id"] = emulator.PublicClientId, ["scope"] = Scope });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(JsonValueKind.Number, started["expires_in"]!.GetValueKind());
        Assert.Equal(JsonValueKind.Number, started["interval"]!.GetValueKind());
        Assert.Equal(900, (int)started["expires_in"]!);
        Assert.Equal($"{emulator.AuthorityHost}devicelogin", (string?)started["verification_uri"]);
    }

    [OsFact(TestOs.All)]
    public async Task Conditional_access_blocks_the_device_code_flow_on_the_token_poll()
    {
        await emulator.AdminAsync("/conditional-access?block=device-code");
        try
        {
            using var client = emulator.CreateHttpClient();
            long signIns = await emulator.StatAsync("signIns");
            long failed = await emulator.StatAsync("failedTokenRequests");

            var (started, code) = await PostAsync(client, "devicecode", new() { ["client_id"] = emulator.PublicClientId, ["scope"] = Scope });
            Assert.Equal(HttpStatusCode.OK, started); // the policy is evaluated when the user signs in, not before
            var (status, error) = await PostAsync(client, "token", new()
            {
                ["grant_type"] = "urn:ietf:params:oauth:grant-type:device_code",
                ["client_id"] = emulator.PublicClientId,
                ["device_code"] = (string)code["device_code"]!,
            });

            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal("invalid_grant", (string?)error["error"]);
            Assert.Equal("message_only", (string?)error["suberror"]);
            Assert.Equal(53003, error["error_codes"]!.AsArray().Single()!.GetValue<int>());
            Assert.StartsWith("AADSTS53003: Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.\r\nTrace ID: ",
                (string?)error["error_description"], StringComparison.Ordinal);
            Assert.Equal(signIns, await emulator.StatAsync("signIns"));
            Assert.Equal(failed + 1, await emulator.StatAsync("failedTokenRequests"));

            // The real MSAL classifies it as "cannot be fixed by interaction".
            var msal = await Assert.ThrowsAsync<MsalUiRequiredException>(() => EmulatorMsal.PublicClient(emulator)
                .AcquireTokenWithDeviceCode(EmulatorMsal.AzureDevOpsScopes, _ => Task.CompletedTask).ExecuteAsync());
            Assert.Equal(UiRequiredExceptionClassification.MessageOnly, msal.Classification);
            Assert.StartsWith("AADSTS53003:", msal.Message, StringComparison.Ordinal);

            // Other flows are not covered by the policy.
            var app = await EmulatorMsal.ConfidentialClient(emulator, emulator["EMULATOR_SP_CLIENT_ID"])
                .WithClientSecret(emulator["EMULATOR_SP_CLIENT_SECRET"]).Build()
                .AcquireTokenForClient(EmulatorMsal.AzureDevOpsScopes).ExecuteAsync();
            Assert.False(string.IsNullOrEmpty(app.AccessToken));
        }
        finally
        {
            await emulator.AdminAsync("/conditional-access?block=");
        }

        var after = await EmulatorMsal.PublicClient(emulator).AcquireTokenWithDeviceCode(EmulatorMsal.AzureDevOpsScopes, _ => Task.CompletedTask).ExecuteAsync();
        Assert.Equal(emulator.User, after.Account.Username);
    }

    [OsFact(TestOs.All)]
    public async Task A_user_signing_in_on_the_device_login_page_sees_the_policy()
    {
        await emulator.AdminAsync("/auto-approve?user=");
        await emulator.AdminAsync("/conditional-access?block=device-code");
        try
        {
            var shown = new TaskCompletionSource<DeviceCodeResult>();
            var signIn = EmulatorMsal.PublicClient(emulator).AcquireTokenWithDeviceCode(EmulatorMsal.AzureDevOpsScopes, code =>
            {
                shown.TrySetResult(code);
                return Task.CompletedTask;
            }).ExecuteAsync();
            var code = await shown.Task.WaitAsync(TimeSpan.FromSeconds(30));

            using var browser = emulator.CreateHttpClient();
            using var page = await browser.PostAsync(code.VerificationUrl, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["otc"] = code.UserCode,
                ["login"] = emulator.User,
            }));

            Assert.Contains("AADSTS53003: Access has been blocked by Conditional Access policies.", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            var error = await Assert.ThrowsAsync<MsalUiRequiredException>(() => signIn.WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.Contains("AADSTS53003", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            await emulator.AdminAsync("/conditional-access?block=");
            await emulator.AdminAsync(EmulatorSignIn.DefaultApproval);
        }
    }

    [OsFact(TestOs.All)]
    public async Task An_unknown_policy_is_refused()
    {
        using var client = new HttpClient();
        using var response = await client.PostAsync(emulator.AdminUrl + "/conditional-access?block=everything", content: null);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    /// <summary>A device code sign-in (auto-approved) by raw HTTP: the token response.</summary>
    private async Task<JsonObject> SignInAsync(HttpClient client)
    {
        await emulator.AdminAsync(EmulatorSignIn.DefaultApproval);
        var (_, started) = await PostAsync(client, "devicecode", new() { ["client_id"] = emulator.PublicClientId, ["scope"] = Scope });
        var (status, tokens) = await PostAsync(client, "token", new()
        {
            ["grant_type"] = "urn:ietf:params:oauth:grant-type:device_code",
            ["client_id"] = emulator.PublicClientId,
            ["device_code"] = (string)started["device_code"]!,
        });
        Assert.Equal(HttpStatusCode.OK, status);
        return tokens;
    }

    private async Task<(HttpStatusCode Status, JsonObject Body)> PostAsync(HttpClient client, string endpoint, Dictionary<string, string> form)
    {
        using var response = await client.PostAsync($"{emulator.Authority}/oauth2/v2.0/{endpoint}", new FormUrlEncodedContent(form));
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    [GeneratedRegex(@"^AADSTS(?<code>\d+): .+\r\nTrace ID: (?<trace>[0-9a-f-]{36})\r\nCorrelation ID: (?<correlation>[0-9a-f-]{36})\r\nTimestamp: (?<timestamp>\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ)$", RegexOptions.Singleline)]
    private static partial Regex Description();
}
