using GitEntraHelper.AzureDevOps;
using GitEntraHelper.Diagnostics;
using GitEntraHelper.Identity;
using GitEntraHelper.Identity.User;
using GitEntraHelper.Settings;
using GitEntraHelper.TokenCache;
using Microsoft.Identity.Client;
using NSubstitute;
using static GitEntraHelper.Tests.Identity.User.UserTestData;

namespace GitEntraHelper.Tests.Identity.User;

/// <summary>
/// A personal Microsoft account of an organization backed by Microsoft accounts, with the real MSAL against
/// <see cref="FakeUserAuthority"/>: signed in through "organizations", its silent refresh must name the MSA
/// transfer tenant (GCM PRs 1321/1358); without that override MSAL sends it to the account's home tenant and
/// Entra refuses the client (AADSTS9002332, GCM issue 1297 / MSAL.NET issue 3077).
/// </summary>
public sealed class MicrosoftAccountTests
{
    private readonly FakeUserAuthority _authority = new();

    [Fact]
    public async Task Without_the_override_the_refresh_goes_to_the_home_tenant_and_its_refusal_is_one_line()
    {
        (IPublicClientApplication app, IAccount account) = await SignedInAsync();
        var plain = new MsalUserClient(app, usesBroker: false, "organizations", msaTransfer: false);

        var refusal = await Assert.ThrowsAsync<MsalServiceException>(() => plain.AcquireSilentAsync(account, null, forceRefresh: true, default));

        Assert.Equal([Entra.MicrosoftAccountTenant], _authority.RefreshTenants);
        Assert.IsNotType<MsalUiRequiredException>(refusal); // why GCM 2.1.2 printed "fatal: AADSTS9002332"
        string line = MsalErrorLine.ToHelperException(refusal, "personal").Message;
        Assert.Equal(
            $"Entra ID refused the sign-in for 'personal': invalid_request: AADSTS9002332: Application '{UserSignInSettings.DefaultClientId}'(Visual Studio - Legacy) " +
            "is configured for use by Azure Active Directory users only. Please do not use the /consumers endpoint to serve this request.",
            line);
    }

    [Fact]
    public async Task The_refresh_names_the_transfer_tenant_and_its_token_is_then_served_from_the_cache()
    {
        (IPublicClientApplication app, IAccount account) = await SignedInAsync();
        var client = new MsalUserClient(app, usesBroker: false, "organizations");
        int requests = _authority.Http.Requests.Count;

        AuthenticationResult? signedIn = await client.AcquireCachedAsync(account, default);
        AuthenticationResult silent = await client.AcquireSilentAsync(account, null, forceRefresh: false, default);

        Assert.Equal(FakeUserAuthority.AccessToken(1), signedIn?.AccessToken); // the sign-in's token, kept under the home tenant
        Assert.Equal(FakeUserAuthority.AccessToken(1), silent.AccessToken);    // no refresh just because the tenant differs
        Assert.Equal(requests, _authority.Http.Requests.Count);

        AuthenticationResult refreshed = await client.AcquireSilentAsync(account, null, forceRefresh: true, default);

        Assert.Equal([Entra.MsaTransferTenant], _authority.RefreshTenants);
        Assert.Equal(FakeUserAuthority.AccessToken(2), refreshed.AccessToken);
        requests = _authority.Http.Requests.Count;
        Assert.Equal(FakeUserAuthority.AccessToken(2), (await client.AcquireCachedAsync(account, default))?.AccessToken);
        Assert.Equal(FakeUserAuthority.AccessToken(2), (await client.AcquireSilentAsync(account, null, false, default)).AccessToken);
        Assert.Equal(requests, _authority.Http.Requests.Count);
    }

    [Theory]
    [InlineData("organizations", Entra.MicrosoftAccountTenant, Entra.MsaTransferTenant)]
    [InlineData("common", Entra.MicrosoftAccountTenant, Entra.MsaTransferTenant)]
    [InlineData("organizations", Tenant, null)]                        // a work account: MSAL's home tenant is right
    [InlineData(Tenant, Entra.MicrosoftAccountTenant, null)]           // a Microsoft account invited into a tenant: that tenant
    public void Only_a_microsoft_account_through_a_multi_tenant_authority_is_sent_to_the_transfer_tenant(string authority, string home, string? expected) =>
        Assert.Equal(expected, MicrosoftAccounts.SilentTenant(authority, Account("max@outlook.example", home)));

    [Theory]
    [InlineData(Entra.MsaTransferTenant, Entra.MicrosoftAccountTenant, true)]
    [InlineData(Entra.MicrosoftAccountTenant, Entra.MsaTransferTenant, true)]
    [InlineData(Tenant, Tenant, true)]
    [InlineData(Tenant, Entra.MicrosoftAccountTenant, false)]
    [InlineData(Entra.MsaTransferTenant, Tenant, false)]
    public void The_consumer_and_transfer_tenants_are_one_tenant_for_a_microsoft_account(string expected, string actual, bool same) =>
        Assert.Equal(same, MicrosoftAccounts.SameTenant(expected, actual));

    [Fact]
    public async Task An_organization_configured_with_the_transfer_tenant_accepts_the_microsoft_account_its_id_token_names_home()
    {
        var clients = Substitute.For<IMsalUserClientFactory>();
        var client = Substitute.For<IMsalUserClient>();
        clients.Create(Arg.Any<string>(), Arg.Any<bool>()).Returns(client);
        IAccount max = Account(FakeUserAuthority.Username, Entra.MicrosoftAccountTenant);
        client.GetAccountsAsync(default).ReturnsForAnyArgs([max]);
        client.AcquireSilentAsync(max, null, false, default).ReturnsForAnyArgs(Result("msa-token", max, Entra.MicrosoftAccountTenant));
        var cache = Substitute.For<ITokenCachePersistence>();
        cache.EnterSingleFlightAsync(default!, default!, default).ReturnsForAnyArgs(Task.FromResult<IAsyncDisposable>(new NoLock()));
        var bindings = new MemoryBindingStore();
        var source = new UserTokenSource(UserSignInSettings.Default, clients, cache, bindings,
            new Dictionary<SignInFlow, IInteractiveSignIn>(), () => new BrokerStatus(false, "none"), browserConfigured: false, Substitute.For<IAccountAccessCheck>(), HelperTrace.Disabled);

        AccessTokenResult token = await source.GetTokenAsync(Request("personal", tenant: Entra.MsaTransferTenant), default);

        Assert.Equal("msa-token", token.Token.Reveal());       // the only cached account of that tenant, reused
        Assert.Equal(FakeUserAuthority.Username, bindings["personal"]!.Username);
    }

    private async Task<(IPublicClientApplication App, IAccount Account)> SignedInAsync()
    {
        IPublicClientApplication app = _authority.NewApp();
        AuthenticationResult result = await FakeUserAuthority.SignInAsync(app);
        Assert.Equal(FakeUserAuthority.AccessToken(1), result.AccessToken);
        IAccount account = Assert.Single(await app.GetAccountsAsync());
        Assert.Equal(Entra.MicrosoftAccountTenant, account.HomeAccountId.TenantId);
        return (app, account);
    }

    private sealed class NoLock : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
