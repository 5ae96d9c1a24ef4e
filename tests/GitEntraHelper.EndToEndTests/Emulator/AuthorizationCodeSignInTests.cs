using System.Text;
using System.Text.Json.Nodes;
using GitEntraHelper.EndToEndTests.Infrastructure;
using Microsoft.Identity.Client;

namespace GitEntraHelper.EndToEndTests.Emulator;

/// <summary>
/// The real MSAL's interactive sign-in (authorization code + PKCE, system browser, its own
/// loopback listener on http://localhost) against the auto-approving emulator.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class AuthorizationCodeSignInTests(EmulatorFixture emulator)
{
    [OsFact(TestOs.All)]
    public async Task Interactive_sign_in_with_pkce_returns_account_id_token_and_a_token_git_accepts()
    {
        var app = EmulatorMsal.PublicClient(emulator);
        Uri? authorizeUrl = null;
        var result = await app.AcquireTokenInteractive(EmulatorMsal.AzureDevOpsScopes)
            .WithUseEmbeddedWebView(false)
            .WithSystemWebViewOptions(new SystemWebViewOptions
            {
                OpenBrowserAsync = url =>
                {
                    authorizeUrl = url;
                    return LoopbackBrowser.Launch(emulator, url);
                },
            })
            .ExecuteAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);

        var query = System.Web.HttpUtility.ParseQueryString(authorizeUrl!.Query);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.False(string.IsNullOrEmpty(query["code_challenge"]));
        Assert.StartsWith("http://localhost:", query["redirect_uri"], StringComparison.Ordinal);

        Assert.Equal(emulator.User, result.Account.Username);
        Assert.Equal(emulator.TenantId, result.TenantId);
        Assert.Equal(emulator.TenantId, result.Account.HomeAccountId.TenantId);
        var idToken = Payload(result.IdToken);
        Assert.Equal(emulator.PublicClientId, (string?)idToken["aud"]);
        Assert.Equal($"{emulator.AuthorityHost}{emulator.TenantId}/v2.0", (string?)idToken["iss"]);
        Assert.Equal(result.Account.HomeAccountId.ObjectId, (string?)idToken["oid"]);

        var accessToken = Payload(result.AccessToken);
        Assert.Equal("499b84ac-1321-427f-aa17-267ca6975798", (string?)accessToken["aud"]);
        Assert.Equal(emulator.User, (string?)accessToken["upn"]);
        Assert.Equal("user_impersonation", (string?)accessToken["scp"]);
        Assert.False(string.IsNullOrEmpty((string?)accessToken["uti"]));

        using var git = EmulatorGit.Sandbox(emulator);
        (await git.WithBearerAsync(result.AccessToken, "ls-remote", emulator.RepositoryUrl())).EnsureSuccess();
    }

    [OsFact(TestOs.All)]
    public async Task User_of_another_tenant_cannot_sign_in_to_this_tenant()
    {
        await emulator.AdminAsync("/auto-approve?user=" + Uri.EscapeDataString(emulator["EMULATOR_OTHER_TENANT_USER"]));
        try
        {
            var app = EmulatorMsal.PublicClient(emulator);
            var error = await Assert.ThrowsAsync<MsalServiceException>(() => app.AcquireTokenInteractive(EmulatorMsal.AzureDevOpsScopes)
                .WithUseEmbeddedWebView(false)
                .WithSystemWebViewOptions(new SystemWebViewOptions { OpenBrowserAsync = url => LoopbackBrowser.Launch(emulator, url) })
                .ExecuteAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token));

            Assert.Contains("AADSTS50020", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            await emulator.AdminAsync(EmulatorSignIn.DefaultApproval);
        }
    }

    internal static JsonObject Payload(string jwt)
    {
        var payload = jwt.Split('.')[1];
        return JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(
            payload.Replace('-', '+').Replace('_', '/').PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '='))))!.AsObject();
    }
}
