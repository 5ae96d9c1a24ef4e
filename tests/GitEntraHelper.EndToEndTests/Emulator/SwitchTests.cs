using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using GitEntraHelper.EndToEndTests.Infrastructure;
using Microsoft.Identity.Client;

namespace GitEntraHelper.EndToEndTests.Emulator;

/// <summary>
/// The admin switches. Each acts on what was issued before it (or is restored in finally), so the
/// shared emulator stays usable for the tests that follow.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class SwitchTests(EmulatorFixture emulator)
{
    [OsFact(TestOs.All)]
    public async Task Expire_tokens_rejects_every_token_issued_so_far()
    {
        var before = (await EmulatorSignIn.AsAsync(emulator, emulator.User)).AccessToken;
        using var git = EmulatorGit.Sandbox(emulator);
        (await git.WithBearerAsync(before, "ls-remote", emulator.RepositoryUrl())).EnsureSuccess();

        await emulator.AdminAsync("/expire-tokens");

        await new DevOpsAccessTests(emulator).AssertRefusedAsync(git, before, emulator.RepositoryUrl(), "VS30063:");
        var after = (await EmulatorSignIn.AsAsync(emulator, emulator.User)).AccessToken;
        (await git.WithBearerAsync(after, "ls-remote", emulator.RepositoryUrl())).EnsureSuccess();
    }

    [OsFact(TestOs.All)]
    public async Task Revoke_refresh_tokens_makes_silent_refresh_require_a_new_sign_in()
    {
        var app = EmulatorMsal.PublicClient(emulator);
        await app.AcquireTokenWithDeviceCode(EmulatorMsal.AzureDevOpsScopes, _ => Task.CompletedTask).ExecuteAsync();
        var account = Assert.Single(await app.GetAccountsAsync());

        await emulator.AdminAsync("/revoke-refresh-tokens");

        var error = await Assert.ThrowsAsync<MsalUiRequiredException>(() =>
            app.AcquireTokenSilent(EmulatorMsal.AzureDevOpsScopes, account).WithForceRefresh(true).ExecuteAsync());
        Assert.Contains("AADSTS50173", error.Message, StringComparison.Ordinal);
        var again = await app.AcquireTokenWithDeviceCode(EmulatorMsal.AzureDevOpsScopes, _ => Task.CompletedTask).ExecuteAsync();
        Assert.Equal(emulator.User, again.Account.Username);
    }

    [OsFact(TestOs.All)]
    public async Task Claims_challenge_is_answered_by_a_token_requested_with_those_claims()
    {
        var app = EmulatorMsal.PublicClient(emulator);
        var old = await app.AcquireTokenWithDeviceCode(EmulatorMsal.AzureDevOpsScopes, _ => Task.CompletedTask).ExecuteAsync();

        await emulator.AdminAsync("/claims-challenge");

        using var client = emulator.CreateHttpClient();
        using var challenged = await GetRefsAsync(client, old.AccessToken);
        Assert.Equal(HttpStatusCode.Unauthorized, challenged.StatusCode);
        var bearer = challenged.Headers.WwwAuthenticate.Single(h => h.Scheme == "Bearer").Parameter!;
        Assert.Contains("error=\"insufficient_claims\"", bearer, StringComparison.Ordinal);
        var claims = Encoding.UTF8.GetString(Convert.FromBase64String(bearer.Split("claims=\"")[1].TrimEnd('"')));
        Assert.Contains("\"nbf\"", claims, StringComparison.Ordinal);

        var fresh = await app.AcquireTokenSilent(EmulatorMsal.AzureDevOpsScopes, old.Account).WithClaims(claims).ExecuteAsync();
        Assert.Equal(TokenSource.IdentityProvider, fresh.AuthenticationResultMetadata.TokenSource);
        using var accepted = await GetRefsAsync(client, fresh.AccessToken);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [OsFact(TestOs.All)]
    public async Task Interactive_claims_challenge_makes_silent_refresh_fail_with_AADSTS50076()
    {
        var app = EmulatorMsal.PublicClient(emulator);
        var old = await app.AcquireTokenWithDeviceCode(EmulatorMsal.AzureDevOpsScopes, _ => Task.CompletedTask).ExecuteAsync();
        await emulator.AdminAsync("/claims-challenge?interactive=true");
        using var client = emulator.CreateHttpClient();
        using var challenged = await GetRefsAsync(client, old.AccessToken);
        var bearer = challenged.Headers.WwwAuthenticate.Single(h => h.Scheme == "Bearer").Parameter!;
        var claims = Encoding.UTF8.GetString(Convert.FromBase64String(bearer.Split("claims=\"")[1].TrimEnd('"')));

        // MSAL sees Entra's claims in the error and raises its claims-challenge flavour of "UI required".
        var error = await Assert.ThrowsAsync<MsalClaimsChallengeException>(() =>
            app.AcquireTokenSilent(EmulatorMsal.AzureDevOpsScopes, old.Account).WithClaims(claims).ExecuteAsync());
        Assert.Contains("AADSTS50076", error.Message, StringComparison.Ordinal);

        var signedIn = await app.AcquireTokenWithDeviceCode(EmulatorMsal.AzureDevOpsScopes, _ => Task.CompletedTask).WithClaims(claims).ExecuteAsync();
        using var accepted = await GetRefsAsync(client, signedIn.AccessToken);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [OsFact(TestOs.All)]
    public async Task Authority_fail_makes_token_requests_fail_until_restored()
    {
        var app = EmulatorMsal.ConfidentialClient(emulator, emulator["EMULATOR_SP_CLIENT_ID"])
            .WithClientSecret(emulator["EMULATOR_SP_CLIENT_SECRET"]).Build();
        await emulator.AdminAsync("/authority-fail?status=503");
        try
        {
            var error = await Assert.ThrowsAsync<MsalServiceException>(() => app.AcquireTokenForClient(EmulatorMsal.AzureDevOpsScopes).ExecuteAsync());
            Assert.Equal(503, error.StatusCode);
        }
        finally
        {
            await emulator.AdminAsync("/authority-fail?status=0");
        }

        var result = await app.AcquireTokenForClient(EmulatorMsal.AzureDevOpsScopes).ExecuteAsync();
        Assert.False(string.IsNullOrEmpty(result.AccessToken));
    }

    [OsFact(TestOs.All)]
    public async Task Authority_delay_slows_every_authority_answer()
    {
        using var client = emulator.CreateHttpClient();
        var configuration = $"{emulator.Authority}/v2.0/.well-known/openid-configuration";
        await emulator.AdminAsync("/authority-delay?ms=700");
        var clock = Stopwatch.StartNew();
        try
        {
            (await client.GetAsync(configuration)).EnsureSuccessStatusCode();
            Assert.True(clock.ElapsedMilliseconds >= 700, $"took {clock.ElapsedMilliseconds} ms");
        }
        finally
        {
            await emulator.AdminAsync("/authority-delay?ms=0");
        }

        clock.Restart();
        (await client.GetAsync(configuration)).EnsureSuccessStatusCode();
        Assert.True(clock.ElapsedMilliseconds < 700, $"took {clock.ElapsedMilliseconds} ms after restoring");
    }

    [OsFact(TestOs.All)]
    public async Task Stats_count_grants_and_reset()
    {
        await emulator.AdminAsync("/reset-stats");
        await EmulatorMsal.PublicClient(emulator).AcquireTokenWithDeviceCode(EmulatorMsal.AzureDevOpsScopes, _ => Task.CompletedTask).ExecuteAsync();

        var stats = await emulator.GetStatsAsync();
        Assert.Equal(1, (long)stats["signIns"]!);
        Assert.Equal(1, (long)stats["deviceCodeGrants"]!);
        Assert.Equal(1, (long)stats["tokenRequests"]!);
        Assert.Equal(0, (long)stats["failedTokenRequests"]!);
    }

    private Task<HttpResponseMessage> GetRefsAsync(HttpClient client, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, emulator.RepositoryUrl() + "/info/refs?service=git-upload-pack");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client.SendAsync(request);
    }
}
