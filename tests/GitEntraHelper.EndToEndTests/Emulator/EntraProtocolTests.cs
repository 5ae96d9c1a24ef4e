using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using GitEntraHelper.EndToEndTests.Infrastructure;

namespace GitEntraHelper.EndToEndTests.Emulator;

/// <summary>Protocol rules MSAL never breaks, checked with raw HTTP: PKCE is enforced, codes are single use, polling too fast slows down.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class EntraProtocolTests(EmulatorFixture emulator)
{
    [OsFact(TestOs.All)]
    public async Task Authorization_code_needs_the_matching_pkce_verifier_and_is_single_use()
    {
        using var client = emulator.CreateHttpClient();
        var verifier = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var challenge = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var authorize = $"{emulator.Authority}/oauth2/v2.0/authorize?client_id={emulator.PublicClientId}&response_type=code" +
                        $"&redirect_uri={Uri.EscapeDataString("http://localhost:1234")}&scope={Uri.EscapeDataString("499b84ac-1321-427f-aa17-267ca6975798/.default offline_access openid profile")}" +
                        $"&code_challenge={challenge}&code_challenge_method=S256&state=xyz";
        using var redirect = await client.GetAsync(authorize);
        var query = System.Web.HttpUtility.ParseQueryString(redirect.Headers.Location!.Query);
        Assert.Equal("xyz", query["state"]);
        var code = query["code"]!;

        var wrong = await RedeemAsync(client, code, "not-the-verifier");
        Assert.Contains("AADSTS501481", (string?)wrong["error_description"], StringComparison.Ordinal);

        using var client2 = emulator.CreateHttpClient();
        using var again = await client2.GetAsync(authorize);
        var secondCode = System.Web.HttpUtility.ParseQueryString(again.Headers.Location!.Query)["code"]!;
        var ok = await RedeemAsync(client, secondCode, verifier);
        Assert.Equal("Bearer", (string?)ok["token_type"]);
        Assert.False(string.IsNullOrEmpty((string?)ok["client_info"]));
        var reused = await RedeemAsync(client, secondCode, verifier);
        Assert.Equal("invalid_grant", (string?)reused["error"]);
    }

    [OsFact(TestOs.All)]
    public async Task Device_code_polling_answers_pending_then_slow_down()
    {
        await emulator.AdminAsync("/auto-approve?user=");
        try
        {
            using var client = emulator.CreateHttpClient();
            var started = await PostAsync(client, "devicecode", new()
            {
                ["client_id"] = emulator.PublicClientId,
                ["scope"] = "499b84ac-1321-427f-aa17-267ca6975798/.default offline_access openid profile",
            });
            var poll = new Dictionary<string, string>
            {
                ["grant_type"] = "urn:ietf:params:oauth:grant-type:device_code",
                ["client_id"] = emulator.PublicClientId,
                ["device_code"] = (string)started["device_code"]!,
            };

            Assert.Equal("authorization_pending", (string?)(await PostAsync(client, "token", poll))["error"]);
            var tooSoon = await PostAsync(client, "token", poll);
            Assert.Equal("slow_down", (string?)tooSoon["error"]);
            Assert.Contains(70016, tooSoon["error_codes"]!.AsArray().Select(c => (int)c!));
        }
        finally
        {
            await emulator.AdminAsync(EmulatorSignIn.DefaultApproval);
        }
    }

    [OsFact(TestOs.All)]
    public async Task An_unapproved_device_code_past_its_life_answers_expired_token_even_once_approved()
    {
        await emulator.AdminAsync("/auto-approve?user=");
        await emulator.AdminAsync("/device-code-lifetime?seconds=2");
        try
        {
            using var client = emulator.CreateHttpClient();
            var started = await PostAsync(client, "devicecode", new()
            {
                ["client_id"] = emulator.PublicClientId,
                ["scope"] = "499b84ac-1321-427f-aa17-267ca6975798/.default offline_access openid profile",
            });
            Assert.Equal(2, (int)started["expires_in"]!);
            var poll = new Dictionary<string, string>
            {
                ["grant_type"] = "urn:ietf:params:oauth:grant-type:device_code",
                ["client_id"] = emulator.PublicClientId,
                ["device_code"] = (string)started["device_code"]!,
            };
            Assert.Equal("authorization_pending", (string?)(await PostAsync(client, "token", poll))["error"]);
            long failed = await emulator.StatAsync("failedTokenRequests");

            await Task.Delay(TimeSpan.FromSeconds(2.5));
            var expired = await PostAsync(client, "token", poll);

            Assert.Equal("expired_token", (string?)expired["error"]);
            Assert.Contains(70020, expired["error_codes"]!.AsArray().Select(c => (int)c!));
            Assert.StartsWith("AADSTS70020:", (string?)expired["error_description"], StringComparison.Ordinal);
            Assert.Equal(failed + 1, await emulator.StatAsync("failedTokenRequests")); // a failure, unlike pending
        }
        finally
        {
            await emulator.AdminAsync("/device-code-lifetime?seconds=0");
            await emulator.AdminAsync(EmulatorSignIn.DefaultApproval);
        }
    }

    private Task<JsonObject> RedeemAsync(HttpClient client, string code, string verifier) => PostAsync(client, "token", new()
    {
        ["grant_type"] = "authorization_code",
        ["client_id"] = emulator.PublicClientId,
        ["code"] = code,
        ["redirect_uri"] = "http://localhost:1234",
        ["code_verifier"] = verifier,
        ["client_info"] = "1",
        ["scope"] = "499b84ac-1321-427f-aa17-267ca6975798/.default offline_access openid profile",
    });

    private async Task<JsonObject> PostAsync(HttpClient client, string endpoint, Dictionary<string, string> form)
    {
        using var response = await client.PostAsync($"{emulator.Authority}/oauth2/v2.0/{endpoint}", new FormUrlEncodedContent(form));
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }
}
