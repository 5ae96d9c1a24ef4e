using GitEntraHelper.EndToEndTests.Infrastructure;
using LibGit2Sharp;
using Microsoft.Identity.Client;

namespace GitEntraHelper.EndToEndTests.Emulator;

/// <summary>The real MSAL signs in by device code against the emulator; the real git uses the token.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class DeviceCodeSignInTests(EmulatorFixture emulator)
{
    [OsFact(TestOs.All)]
    public async Task Msal_device_code_token_clones_and_pushes_with_real_git()
    {
        var app = EmulatorMsal.PublicClient(emulator);
        DeviceCodeResult? shown = null;
        var result = await app.AcquireTokenWithDeviceCode(EmulatorMsal.AzureDevOpsScopes, code =>
        {
            shown = code;
            return Task.CompletedTask;
        }).ExecuteAsync();

        Assert.NotNull(shown);
        Assert.Matches("^[A-Z0-9]{9}$", shown!.UserCode);
        Assert.StartsWith(emulator.AuthorityHost, shown.VerificationUrl, StringComparison.Ordinal);
        Assert.Contains(shown.UserCode, shown.Message, StringComparison.Ordinal);
        Assert.Equal(emulator.User, result.Account.Username);
        Assert.Equal(emulator.TenantId, result.TenantId);
        Assert.Equal("Bearer", result.TokenType);
        Assert.True(result.ExpiresOn > DateTimeOffset.UtcNow.AddMinutes(30));

        using var git = EmulatorGit.Sandbox(emulator);
        var clone = Path.Combine(git.WorkDirectory, "clone");
        (await git.WithBearerAsync(result.AccessToken, "clone", emulator.RepositoryUrl(), clone)).EnsureSuccess();
        Assert.True(File.Exists(Path.Combine(clone, "README.md")));

        (await git.CommitAndPushAsync(clone, result.AccessToken, "device-code", "Push with a device code token")).EnsureSuccess();
        using var bare = new Repository(emulator.BareRepositoryPath());
        var pushed = bare.Branches["device-code"].Tip;
        Assert.Equal("Push with a device code token", pushed.MessageShort);
        Assert.Equal("author@contoso.example", pushed.Author.Email);
    }

    [OsFact(TestOs.All)]
    public async Task Cached_account_gets_a_token_silently_and_refresh_rotates_it()
    {
        var app = EmulatorMsal.PublicClient(emulator);
        await app.AcquireTokenWithDeviceCode(EmulatorMsal.AzureDevOpsScopes, _ => Task.CompletedTask).ExecuteAsync();
        var account = Assert.Single(await app.GetAccountsAsync());
        Assert.Equal(emulator.TenantId, account.HomeAccountId.TenantId);

        var cached = await app.AcquireTokenSilent(EmulatorMsal.AzureDevOpsScopes, account).ExecuteAsync();
        Assert.Equal(TokenSource.Cache, cached.AuthenticationResultMetadata.TokenSource);

        var before = await emulator.StatAsync("refreshTokenGrants");
        var refreshed = await app.AcquireTokenSilent(EmulatorMsal.AzureDevOpsScopes, account).WithForceRefresh(true).ExecuteAsync();
        Assert.Equal(TokenSource.IdentityProvider, refreshed.AuthenticationResultMetadata.TokenSource);
        Assert.NotEqual(cached.AccessToken, refreshed.AccessToken);
        Assert.Equal(before + 1, await emulator.StatAsync("refreshTokenGrants"));
    }

    [OsFact(TestOs.All)]
    public async Task Client_capability_cp1_is_sent_as_claims_and_echoed_in_the_token()
    {
        var app = Microsoft.Identity.Client.PublicClientApplicationBuilder.Create(emulator.PublicClientId)
            .WithAuthority(emulator.Authority, validateAuthority: false)
            .WithInstanceDiscovery(false)
            .WithClientCapabilities(["cp1"])
            .WithHttpClientFactory(new EmulatorMsal.TrustingHttpClientFactory(emulator))
            .Build();

        var result = await app.AcquireTokenWithDeviceCode(EmulatorMsal.AzureDevOpsScopes, _ => Task.CompletedTask).ExecuteAsync();

        var capabilities = AuthorizationCodeSignInTests.Payload(result.AccessToken)["xms_cc"]!.AsArray();
        Assert.Equal("cp1", (string?)Assert.Single(capabilities));
    }

    [OsFact(TestOs.All)]
    public async Task Device_code_stays_pending_until_a_user_approves_it_on_the_device_login_page()
    {
        await emulator.AdminAsync("/auto-approve?user=");
        try
        {
            var app = EmulatorMsal.PublicClient(emulator);
            var signInsBefore = await emulator.StatAsync("signIns");
            var shown = new TaskCompletionSource<DeviceCodeResult>();
            var signIn = app.AcquireTokenWithDeviceCode(EmulatorMsal.AzureDevOpsScopes, code =>
            {
                shown.TrySetResult(code);
                return Task.CompletedTask;
            }).ExecuteAsync();

            var code = await shown.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await Task.Delay(TimeSpan.FromSeconds(1.5)); // MSAL polls at least once and hears authorization_pending
            Assert.False(signIn.IsCompleted);

            using var browser = emulator.CreateHttpClient();
            using var approval = await browser.PostAsync(code.VerificationUrl, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["otc"] = code.UserCode,
                ["login"] = emulator["EMULATOR_USER2"],
            }));
            Assert.Contains("You have signed in", await approval.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            var result = await signIn.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(emulator["EMULATOR_USER2"], result.Account.Username);
            Assert.Equal(signInsBefore + 1, await emulator.StatAsync("signIns"));
        }
        finally
        {
            await emulator.AdminAsync(EmulatorSignIn.DefaultApproval);
        }
    }
}
