using System.Net;
using GitEntraHelper.EndToEndTests.Infrastructure;
using Microsoft.Identity.Client;

namespace GitEntraHelper.EndToEndTests.Emulator;

/// <summary>
/// An organization backed by Microsoft accounts, at the protocol level with the real MSAL.NET: sign-in
/// through "organizations" by device code, MSAL's own silent refresh (which goes to the account's home
/// tenant) refused with AADSTS9002332 as recorded in GCM issue 1297 / MSAL.NET issue 3077, and the
/// refresh through the MSA transfer tenant (GCM's workaround) giving a token the organization's git takes.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class MicrosoftAccountTests(EmulatorFixture emulator)
{
    private const string MsaHomeTenant = "9188040d-6c67-4c5b-b112-36a304b66dad";
    private const string MsaTransferTenant = "f8cdef31-a31e-4b4a-93e4-5f571e91255a";
    private const string ZeroTenant = "00000000-0000-0000-0000-000000000000";

    [OsFact(TestOs.All)]
    public async Task Anonymous_request_gets_a_bare_bearer_a_basic_realm_and_the_zero_resource_tenant()
    {
        using var client = emulator.CreateHttpClient();
        using var response = await client.GetAsync(emulator.RepositoryUrl(emulator.MsaOrganization) + "/info/refs?service=git-upload-pack");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenges = response.Headers.WwwAuthenticate.ToList();
        var bearer = Assert.Single(challenges, c => c.Scheme == "Bearer");
        Assert.Null(bearer.Parameter);
        Assert.Contains($"Basic realm=\"{emulator.DevOpsUrl}/\"", challenges.Select(c => c.ToString()));
        Assert.Equal(ZeroTenant, Assert.Single(response.Headers.GetValues("X-VSS-ResourceTenant")));
        Assert.Equal($"{emulator.DevOpsUrl}/_vssps/{emulator.MsaOrganization}/", Assert.Single(response.Headers.GetValues("X-VSS-AuthorizationEndpoint")));
        Assert.StartsWith("TF400813:", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [OsFact(TestOs.All)]
    public async Task Device_code_through_organizations_signs_in_the_microsoft_account()
    {
        await emulator.AdminAsync(EmulatorSignIn.DefaultApproval);
        var app = EmulatorMsal.PublicClient(emulator, "organizations");

        var result = await app.AcquireTokenWithDeviceCode(EmulatorMsal.AzureDevOpsScopes, _ => Task.CompletedTask).ExecuteAsync();

        Assert.Equal(emulator.MsaUser, result.Account.Username);
        Assert.Equal(MsaHomeTenant, result.Account.HomeAccountId.TenantId); // client_info utid
        Assert.Equal(MsaHomeTenant, result.TenantId);                        // id token tid
        var claims = AuthorizationCodeSignInTests.Payload(result.AccessToken);
        Assert.Equal(MsaTransferTenant, (string?)claims["tid"]);             // pass-through access token
        Assert.Equal($"{emulator.AuthorityHost}{MsaTransferTenant}/v2.0", (string?)claims["iss"]);
        Assert.Equal("live.com", (string?)claims["idp"]);
        Assert.Equal("499b84ac-1321-427f-aa17-267ca6975798", (string?)claims["aud"]);
    }

    [OsFact(TestOs.All)]
    public async Task A_sign_in_through_a_tenant_id_or_common_is_still_the_work_account()
    {
        await emulator.AdminAsync(EmulatorSignIn.DefaultApproval);

        var tenant = await EmulatorMsal.PublicClient(emulator)
            .AcquireTokenWithDeviceCode(EmulatorMsal.AzureDevOpsScopes, _ => Task.CompletedTask).ExecuteAsync();
        var common = await EmulatorMsal.PublicClient(emulator, "common")
            .AcquireTokenWithDeviceCode(EmulatorMsal.AzureDevOpsScopes, _ => Task.CompletedTask).ExecuteAsync();

        Assert.Equal(emulator.User, tenant.Account.Username);
        Assert.Equal(emulator.User, common.Account.Username);
        Assert.Equal(emulator.TenantId, common.Account.HomeAccountId.TenantId);
    }

    [OsFact(TestOs.All)]
    public async Task Msal_silent_refresh_through_organizations_is_refused_with_AADSTS9002332()
    {
        var (app, account) = await SignInAsync();
        long failed = await emulator.StatAsync("failedTokenRequests");

        // MSAL turns "organizations" into the account's home tenant for a silent call (MSAL.NET issue 3077).
        var error = await Assert.ThrowsAsync<MsalServiceException>(() =>
            app.AcquireTokenSilent(EmulatorMsal.AzureDevOpsScopes, account).WithForceRefresh(true).ExecuteAsync());

        Assert.IsNotType<MsalUiRequiredException>(error); // GCM 2.1.2 did not catch it: "fatal: AADSTS9002332"
        Assert.Equal("invalid_request", error.ErrorCode);
        Assert.Equal(400, error.StatusCode);
        Assert.StartsWith(
            $"AADSTS9002332: Application '{emulator.PublicClientId}'(Visual Studio - Legacy) is configured for use by Azure Active Directory users only. Please do not use the /consumers endpoint to serve this request.",
            error.Message, StringComparison.Ordinal);
        Assert.Equal(failed + 1, await emulator.StatAsync("failedTokenRequests"));
    }

    [OsFact(TestOs.All)]
    public async Task Refresh_through_the_transfer_tenant_gives_a_token_the_organizations_git_accepts()
    {
        var (app, account) = await SignInAsync();
        long signIns = await emulator.StatAsync("signIns");
        long refreshes = await emulator.StatAsync("refreshTokenGrants");

        var refreshed = await app.AcquireTokenSilent(EmulatorMsal.AzureDevOpsScopes, account)
            .WithTenantId(MsaTransferTenant).WithForceRefresh(true).ExecuteAsync();

        Assert.Equal(TokenSource.IdentityProvider, refreshed.AuthenticationResultMetadata.TokenSource);
        Assert.Equal(emulator.MsaUser, refreshed.Account.Username);
        Assert.Equal(MsaTransferTenant, (string?)AuthorizationCodeSignInTests.Payload(refreshed.AccessToken)["tid"]);
        Assert.Equal(refreshes + 1, await emulator.StatAsync("refreshTokenGrants"));
        Assert.Equal(signIns, await emulator.StatAsync("signIns"));

        using var git = EmulatorGit.Sandbox(emulator);
        var clone = Path.Combine(git.WorkDirectory, "msa");
        (await git.WithBearerAsync(refreshed.AccessToken, "clone", emulator.RepositoryUrl(emulator.MsaOrganization), clone)).EnsureSuccess();
        Assert.True(File.Exists(Path.Combine(clone, "README.md")));
        (await git.CommitAndPushAsync(clone, refreshed.AccessToken, "msa-push", "Push as a Microsoft account")).EnsureSuccess();
    }

    [OsFact(TestOs.All)]
    public async Task Each_kind_of_organization_refuses_the_others_tokens()
    {
        var (_, _, msaToken) = await SignInWithTokenAsync();
        var workToken = (await EmulatorSignIn.AsAsync(emulator, emulator.User)).AccessToken;
        using var git = EmulatorGit.Sandbox(emulator);
        var access = new DevOpsAccessTests(emulator);

        await access.AssertRefusedAsync(git, msaToken, emulator.RepositoryUrl(),
            $"TF400813: The user '{MsaTransferTenant}\\{emulator.MsaUser}' is not authorized to access this resource.");
        await access.AssertRefusedAsync(git, workToken, emulator.RepositoryUrl(emulator.MsaOrganization),
            $"TF400813: The user '{emulator.TenantId}\\{emulator.User}' is not authorized to access this resource.");
    }

    [OsFact(TestOs.All)]
    public async Task The_consumer_tenant_and_the_transfer_tenant_refuse_what_they_do_not_serve()
    {
        await emulator.AdminAsync(EmulatorSignIn.DefaultApproval);
        var consumers = await Assert.ThrowsAsync<MsalServiceException>(() => EmulatorMsal.PublicClient(emulator, "consumers")
            .AcquireTokenWithDeviceCode(EmulatorMsal.AzureDevOpsScopes, _ => Task.CompletedTask).ExecuteAsync());
        Assert.Contains("AADSTS9002332", consumers.Message, StringComparison.Ordinal);

        // A work account cannot be refreshed through the MSA transfer tenant.
        var app = EmulatorMsal.PublicClient(emulator);
        await app.AcquireTokenWithDeviceCode(EmulatorMsal.AzureDevOpsScopes, _ => Task.CompletedTask).ExecuteAsync();
        var work = Assert.Single(await app.GetAccountsAsync());
        var transfer = await Assert.ThrowsAsync<MsalUiRequiredException>(() =>
            app.AcquireTokenSilent(EmulatorMsal.AzureDevOpsScopes, work).WithTenantId(MsaTransferTenant).WithForceRefresh(true).ExecuteAsync());
        Assert.Contains($"AADSTS50020: User account '{emulator.User}' from identity provider 'https://sts.windows.net/{emulator.TenantId}/'", transfer.Message, StringComparison.Ordinal);
    }

    private async Task<(IPublicClientApplication App, IAccount Account)> SignInAsync()
    {
        var (app, account, _) = await SignInWithTokenAsync();
        return (app, account);
    }

    private async Task<(IPublicClientApplication App, IAccount Account, string AccessToken)> SignInWithTokenAsync()
    {
        await emulator.AdminAsync(EmulatorSignIn.DefaultApproval);
        var app = EmulatorMsal.PublicClient(emulator, "organizations");
        var result = await app.AcquireTokenWithDeviceCode(EmulatorMsal.AzureDevOpsScopes, _ => Task.CompletedTask).ExecuteAsync();
        Assert.Equal(emulator.MsaUser, result.Account.Username);
        return (app, Assert.Single(await app.GetAccountsAsync()), result.AccessToken);
    }
}
