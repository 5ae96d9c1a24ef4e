using GitEntraHelper.AzureDevOps;
using GitEntraHelper.Diagnostics;
using GitEntraHelper.Identity;
using GitEntraHelper.Identity.User;
using GitEntraHelper.Protocol;
using GitEntraHelper.Settings;
using GitEntraHelper.TokenCache;
using Microsoft.Identity.Client;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using static GitEntraHelper.Tests.Identity.User.UserTestData;

namespace GitEntraHelper.Tests.Identity.User;

public sealed class UserTokenSourceTests
{
    private readonly IMsalUserClient _client = Substitute.For<IMsalUserClient>();
    private readonly IMsalUserClientFactory _clients = Substitute.For<IMsalUserClientFactory>();
    private readonly MemoryBindingStore _bindings = new();
    private readonly ITokenCachePersistence _cache = Substitute.For<ITokenCachePersistence>();
    private readonly IInteractiveSignIn _broker = Substitute.For<IInteractiveSignIn>();
    private readonly IInteractiveSignIn _browser = Substitute.For<IInteractiveSignIn>();
    private readonly IInteractiveSignIn _deviceCode = Substitute.For<IInteractiveSignIn>();
    private InteractionDecision _interaction = new(true, Terminal: true, Desktop: false, null);

    /// <summary>
    /// A request as the pipeline builds it: the run's interaction decision (<see cref="_interaction"/>), and
    /// <paramref name="allowInteraction"/> false for a stderr that is not a terminal (then only a desktop window may ask).
    /// </summary>
    private TokenRequest Request(string organization = "contoso", string? claims = null, bool allowInteraction = true, string? tenant = Tenant) =>
        UserTestData.Request(organization, claims, tenant,
            _interaction.Allowed && !allowInteraction && !_interaction.Desktop && _settings.Interactive != InteractivePreference.Always
                ? new InteractionDecision(false, false, false, "stderr is not a terminal; set credential.interactive=always to sign in anyway")
                : _interaction);
    private UserSignInSettings _settings = UserSignInSettings.Default;

    public UserTokenSourceTests()
    {
        _clients.Create(Arg.Any<string>(), Arg.Any<bool>()).Returns(_client);
        _client.GetAccountsAsync(Arg.Any<CancellationToken>()).Returns(Array.Empty<IAccount>());
        _cache.EnterSingleFlightAsync(default!, default!, default).ReturnsForAnyArgs(Task.FromResult<IAsyncDisposable>(new Disposable(() => { })));
    }

    [Fact]
    public async Task Cached_token_is_returned_silently_and_binds_the_account_once()
    {
        IAccount alice = Account("alice@contoso.com");
        _client.GetAccountsAsync(default).ReturnsForAnyArgs([alice]);
        _client.AcquireSilentAsync(alice, null, false, default).ReturnsForAnyArgs(Result("token-1", alice));

        AccessTokenResult first = await Source().GetTokenAsync(Request(), default);
        AccessTokenResult second = await Source().GetTokenAsync(Request(), default);

        Assert.Equal("token-1", first.Token.Reveal());
        Assert.Equal("user alice@contoso.com", second.Identity);
        Assert.Equal(1, _bindings.Saves);
        Assert.Equal("alice@contoso.com", _bindings["contoso"]!.Username);
        Assert.True(_bindings["contoso"]!.Implicit);
        await _deviceCode.DidNotReceiveWithAnyArgs().SignInAsync(default!, default);
    }

    [Fact]
    public async Task Authority_is_the_organizations_tenant()
    {
        await Assert.ThrowsAsync<HelperException>(() => Source().GetTokenAsync(Request(allowInteraction: false), default));
        _clients.Received().Create(Tenant, false);

        await Assert.ThrowsAsync<HelperException>(() => Source().GetTokenAsync(Request(tenant: null, allowInteraction: false), default));
        _clients.Received().Create("organizations", false);
    }

    [Fact]
    public async Task Without_a_cached_account_and_without_interaction_it_fails_with_one_line_naming_the_reason()
    {
        _interaction = new(false, false, false, "GIT_TERMINAL_PROMPT=0");

        var e = await Assert.ThrowsAsync<HelperException>(() => Source().GetTokenAsync(Request(), default));

        Assert.Contains("not signed in", e.Message);
        Assert.Contains("'contoso'", e.Message);
        Assert.Contains("GIT_TERMINAL_PROMPT=0", e.Message);
        Assert.Contains("AZURE_CLIENT_ID", e.MessageWithHints);
        Assert.DoesNotContain('\n', e.MessageWithHints);
        Assert.True(e.OthersMayServe);
        await _deviceCode.DidNotReceiveWithAnyArgs().SignInAsync(default!, default);
        await _browser.DidNotReceiveWithAnyArgs().SignInAsync(default!, default);
    }

    [Fact]
    public async Task Revoked_refresh_token_without_interaction_names_the_user_and_how_to_sign_in_again()
    {
        IAccount alice = Account("alice@contoso.com");
        await _bindings.SaveAsync(new AccountBinding("contoso", "alice@contoso.com", alice.HomeAccountId.Identifier), default);
        _client.GetAccountsAsync(default).ReturnsForAnyArgs([alice]);
        _client.AcquireSilentAsync(alice, null, false, default).ThrowsAsyncForAnyArgs(new MsalUiRequiredException("invalid_grant", "AADSTS50173: revoked"));
        _interaction = new(false, false, false, "CI=true");

        var e = await Assert.ThrowsAsync<HelperException>(() => Source().GetTokenAsync(Request(), default));

        Assert.Contains("alice@contoso.com", e.Message);
        Assert.Contains("invalid_grant", e.Message);
        Assert.Contains("CI=true", e.Message);
        Assert.Contains("sign in again", e.MessageWithHints);
    }

    [Fact]
    public async Task Caller_without_a_terminal_on_stderr_is_obeyed_unless_a_desktop_or_always_says_otherwise()
    {
        var e = await Assert.ThrowsAsync<HelperException>(() => Source().GetTokenAsync(Request(allowInteraction: false), default));
        Assert.Contains("credential.interactive=always", e.Message);
        await _deviceCode.DidNotReceiveWithAnyArgs().SignInAsync(default!, default);

        IAccount alice = Account("alice@contoso.com");
        _deviceCode.SignInAsync(default!, default).ReturnsForAnyArgs(Result("dc", alice, source: TokenSource.IdentityProvider));
        _settings = _settings with { Interactive = InteractivePreference.Always };
        Assert.Equal("dc", (await Source().GetTokenAsync(Request(allowInteraction: false), default)).Token.Reveal());

        _settings = _settings with { Interactive = InteractivePreference.Auto };
        _interaction = new(true, Terminal: false, Desktop: true, null);
        _browser.SignInAsync(default!, default).ReturnsForAnyArgs(Result("browser", alice, source: TokenSource.IdentityProvider));
        Assert.Equal("browser", (await Source().GetTokenAsync(Request("fabrikam", allowInteraction: false), default)).Token.Reveal());
    }

    [Fact]
    public async Task Revoked_refresh_token_with_interaction_signs_in_again_with_the_bound_user_as_hint()
    {
        IAccount alice = Account("alice@contoso.com");
        await _bindings.SaveAsync(new AccountBinding("contoso", "alice@contoso.com", alice.HomeAccountId.Identifier), default);
        _client.GetAccountsAsync(default).ReturnsForAnyArgs([alice]);
        _client.AcquireSilentAsync(alice, null, false, default).ThrowsAsyncForAnyArgs(new MsalUiRequiredException("invalid_grant", "revoked"));
        _deviceCode.SignInAsync(default!, default).ReturnsForAnyArgs(Result("fresh", alice, source: TokenSource.IdentityProvider));

        AccessTokenResult token = await Source().GetTokenAsync(Request(), default);

        Assert.Equal("fresh", token.Token.Reveal());
        await _deviceCode.Received(1).SignInAsync(Arg.Is<SignInRequest>(r => r.LoginHint == "alice@contoso.com" && !r.SelectAccount && r.Tenant == Tenant), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Unavailable_flows_fall_back_in_plan_order_and_the_account_is_bound_explicitly()
    {
        _settings = _settings with { Flow = SignInFlow.Broker };
        _interaction = new(true, Terminal: true, Desktop: true, null);
        IAccount bob = Account("bob@contoso.com");
        _broker.SignInAsync(default!, default).ThrowsAsyncForAnyArgs(new SignInFlowUnavailableException("no broker"));
        _browser.SignInAsync(default!, default).ThrowsAsyncForAnyArgs(new SignInFlowUnavailableException("no browser"));
        _deviceCode.SignInAsync(default!, default).ReturnsForAnyArgs(Result("device-code-token-value", bob, source: TokenSource.IdentityProvider));
        var trace = new StringWriter();

        AccessTokenResult token = await Source(HelperTrace.To(trace)).GetTokenAsync(Request(), default);

        Assert.Equal("device-code-token-value", token.Token.Reveal());
        Received.InOrder(() =>
        {
            _broker.SignInAsync(Arg.Any<SignInRequest>(), Arg.Any<CancellationToken>());
            _browser.SignInAsync(Arg.Any<SignInRequest>(), Arg.Any<CancellationToken>());
            _deviceCode.SignInAsync(Arg.Any<SignInRequest>(), Arg.Any<CancellationToken>());
        });
        Assert.Contains("Broker: not available (no broker)", trace.ToString());
        Assert.Equal(new AccountBinding("contoso", "bob@contoso.com", bob.HomeAccountId.Identifier, Tenant), _bindings["contoso"]);
        Assert.DoesNotContain("device-code-token-value", trace.ToString());
    }

    [Fact]
    public async Task Every_flow_unavailable_is_one_clear_line()
    {
        _settings = _settings with { Flow = SignInFlow.System };
        _browser.SignInAsync(default!, default).ThrowsAsyncForAnyArgs(new SignInFlowUnavailableException("no BROWSER entry could be started"));

        var e = await Assert.ThrowsAsync<HelperException>(() => Source().GetTokenAsync(Request(), default));

        Assert.Contains("no BROWSER entry could be started", e.Message);
        Assert.Contains("credential.msauthFlow=devicecode", e.Message);
    }

    [Fact]
    public async Task A_cached_token_is_answered_without_waiting_for_the_lock_and_a_refresh_waits_for_it()
    {
        IAccount alice = Account("alice@contoso.com");
        await _bindings.SaveAsync(new AccountBinding("contoso", "alice@contoso.com", alice.HomeAccountId.Identifier, Tenant), default);
        _client.GetAccountsAsync(default).ReturnsForAnyArgs([alice]);
        var held = new TaskCompletionSource<IAsyncDisposable>(); // another process holds the lock and never lets go
        _cache.EnterSingleFlightAsync(default!, default!, default).ReturnsForAnyArgs(held.Task);
        _client.AcquireCachedAsync(alice, Arg.Any<CancellationToken>()).Returns(Result("cached", alice));

        AccessTokenResult token = await Source().GetTokenAsync(Request(), default).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("cached", token.Token.Reveal());
        await _client.DidNotReceiveWithAnyArgs().AcquireSilentAsync(default!, default, default, default);

        // Nothing usable in the cache: the refresh happens under the lock, so it waits for the holder.
        _client.AcquireCachedAsync(alice, Arg.Any<CancellationToken>()).Returns((AuthenticationResult?)null);
        _client.AcquireSilentAsync(alice, null, false, Arg.Any<CancellationToken>()).Returns(Result("refreshed", alice, source: TokenSource.IdentityProvider));
        Task<AccessTokenResult> refresh = Source().GetTokenAsync(Request(), default);
        await Task.Delay(200);
        Assert.False(refresh.IsCompleted);
        held.SetResult(new Disposable(() => { }));
        Assert.Equal("refreshed", (await refresh.WaitAsync(TimeSpan.FromSeconds(10))).Token.Reveal());
    }

    [Fact]
    public async Task A_refused_or_erased_token_never_takes_the_lock_free_path()
    {
        IAccount alice = Account("alice@contoso.com");
        await _bindings.SaveAsync(new AccountBinding("contoso", "alice@contoso.com", alice.HomeAccountId.Identifier, Tenant, RejectedToken: Refused("cached")), default);
        _client.GetAccountsAsync(default).ReturnsForAnyArgs([alice]);
        _client.AcquireCachedAsync(alice, Arg.Any<CancellationToken>()).Returns(Result("cached", alice));
        _client.AcquireSilentAsync(alice, null, false, Arg.Any<CancellationToken>()).Returns(Result("cached", alice));
        _client.AcquireSilentAsync(alice, null, true, Arg.Any<CancellationToken>()).Returns(Result("refreshed", alice, source: TokenSource.IdentityProvider));

        Assert.Equal("refreshed", (await Source().GetTokenAsync(Request(), default)).Token.Reveal());
        await _cache.ReceivedWithAnyArgs(1).EnterSingleFlightAsync(default!, default!, default);
    }

    [Fact]
    public async Task Erased_token_is_never_handed_out_again()
    {
        IAccount alice = Account("alice@contoso.com");
        await _bindings.SaveAsync(new AccountBinding("contoso", "alice@contoso.com", alice.HomeAccountId.Identifier, Tenant), default);
        _client.GetAccountsAsync(default).ReturnsForAnyArgs([alice]);
        _client.AcquireSilentAsync(alice, null, false, Arg.Any<CancellationToken>()).Returns(Result("rejected", alice));
        _client.AcquireSilentAsync(alice, null, true, Arg.Any<CancellationToken>()).Returns(Result("refreshed", alice, source: TokenSource.IdentityProvider));

        await Source().ForgetAsync(Request() with { RefusedToken = Refused("rejected") }, default);
        AccessTokenResult token = await Source().GetTokenAsync(Request(), default);

        Assert.Equal("refreshed", token.Token.Reveal());
        Assert.Null(_bindings["contoso"]!.RejectedToken);
        Assert.DoesNotContain("rejected", System.Text.Json.JsonSerializer.Serialize(_bindings["contoso"]!.RejectedToken));
    }

    [Fact]
    public async Task Erase_records_a_fingerprint_not_the_token_and_only_for_the_token_it_would_hand_out()
    {
        IAccount alice = Account("alice@contoso.com");
        await _bindings.SaveAsync(new AccountBinding("contoso", "alice@contoso.com", alice.HomeAccountId.Identifier, Tenant), default);
        _client.GetAccountsAsync(default).ReturnsForAnyArgs([alice]);
        _client.AcquireSilentAsync(alice, null, false, default).ReturnsForAnyArgs(Result("the-token", alice));

        await Source().ForgetAsync(Request() with { RefusedToken = Refused("the-token") }, default);

        Assert.Equal(TokenFingerprint.Of(new Secret("the-token")), _bindings["contoso"]!.RejectedToken);
        Assert.DoesNotContain("the-token", _bindings["contoso"]!.ToString());

        _client.AcquireSilentAsync(alice, null, false, default).ReturnsForAnyArgs(Result("new-token", alice, source: TokenSource.IdentityProvider));
        await _bindings.SaveAsync(_bindings["contoso"]! with { RejectedToken = null }, default);
        await Source().ForgetAsync(Request() with { RefusedToken = Refused("the-token") }, default);
        Assert.Null(_bindings["contoso"]!.RejectedToken);
    }

    [Fact]
    public async Task Erase_without_a_binding_touches_neither_msal_nor_the_disk()
    {
        await Source().ForgetAsync(Request(), default);

        Assert.Equal(0, _bindings.Saves);
        _clients.DidNotReceiveWithAnyArgs().Create(default!, default);
    }

    [Fact]
    public async Task Claims_challenge_is_requested_silently_first()
    {
        IAccount alice = Account("alice@contoso.com");
        _client.GetAccountsAsync(default).ReturnsForAnyArgs([alice]);
        const string claims = """{"access_token":{"nbf":{"essential":true,"value":"1700000000"}}}""";
        string base64 = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(claims));
        _client.AcquireSilentAsync(alice, claims, false, default).ReturnsForAnyArgs(Result("with-claims", alice, source: TokenSource.IdentityProvider));

        AccessTokenResult token = await Source().GetTokenAsync(Request(claims: base64), default);

        Assert.Equal("with-claims", token.Token.Reveal());
        await _client.Received(1).AcquireSilentAsync(alice, claims, false, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Claims_that_need_the_user_go_to_the_interactive_flow()
    {
        IAccount alice = Account("alice@contoso.com");
        _client.GetAccountsAsync(default).ReturnsForAnyArgs([alice]);
        _client.AcquireSilentAsync(alice, null, false, default).ThrowsAsyncForAnyArgs(new MsalUiRequiredException("invalid_grant", "AADSTS50076: MFA"));
        _deviceCode.SignInAsync(default!, default).ReturnsForAnyArgs(Result("mfa", alice, source: TokenSource.IdentityProvider));

        await Source().GetTokenAsync(Request(claims: """{"access_token":{"acrs":{"essential":true,"value":"c1"}}}"""), default);

        await _deviceCode.Received(1).SignInAsync(Arg.Is<SignInRequest>(r => r.Claims!.Contains("acrs")), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Claims_seen_at_erase_are_requested_by_the_next_get_and_then_dropped()
    {
        IAccount alice = Account("alice@contoso.com");
        await _bindings.SaveAsync(new AccountBinding("contoso", "alice@contoso.com", alice.HomeAccountId.Identifier, Tenant), default);
        _client.GetAccountsAsync(default).ReturnsForAnyArgs([alice]);
        _client.AcquireSilentAsync(alice, Arg.Any<string?>(), Arg.Any<bool>(), Arg.Any<CancellationToken>()).Returns(Result("t", alice));
        const string claims = """{"access_token":{"nbf":{"essential":true,"value":"1"}}}""";

        await Source().ForgetAsync(Request(claims: claims), default);
        Assert.Equal(claims, _bindings["contoso"]!.PendingClaims);

        await Source().GetTokenAsync(Request(), default);

        await _client.Received().AcquireSilentAsync(alice, claims, false, Arg.Any<CancellationToken>());
        Assert.Null(_bindings["contoso"]!.PendingClaims);
    }

    [Fact]
    public async Task Account_of_another_tenant_is_refused_with_one_line_naming_both_tenants()
    {
        IAccount mallory = Account("mallory@fabrikam.com", OtherTenant);
        _deviceCode.SignInAsync(default!, default).ReturnsForAnyArgs(Result("foreign", mallory, OtherTenant, TokenSource.IdentityProvider));

        var e = await Assert.ThrowsAsync<HelperException>(() => Source().GetTokenAsync(Request(), default));

        Assert.Contains(OtherTenant, e.Message);
        Assert.Contains(Tenant, e.Message);
        Assert.Contains("mallory@fabrikam.com", e.Message);
        Assert.Null(_bindings["contoso"]);
    }

    [Fact]
    public async Task Pinned_user_is_tried_silently_and_required_interactively()
    {
        _settings = _settings with { PinnedUsername = "carol@contoso.com" };
        IAccount alice = Account("alice@contoso.com");
        _client.GetAccountsAsync(default).ReturnsForAnyArgs([alice]);
        _deviceCode.SignInAsync(default!, default).ReturnsForAnyArgs(Result("alice", alice, source: TokenSource.IdentityProvider));

        var e = await Assert.ThrowsAsync<HelperException>(() => Source().GetTokenAsync(Request(), default));

        Assert.Contains("carol@contoso.com", e.Message);
        await _client.DidNotReceiveWithAnyArgs().AcquireSilentAsync(default!, default, default, default);
        await _deviceCode.Received(1).SignInAsync(Arg.Is<SignInRequest>(r => r.LoginHint == "carol@contoso.com"), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Implicitly_reused_account_refused_by_azure_devops_makes_the_next_sign_in_ask_which_account()
    {
        IAccount alice = Account("alice@contoso.com");
        IAccount bob = Account("bob@contoso.com");
        _client.GetAccountsAsync(default).ReturnsForAnyArgs([alice]);
        _client.AcquireSilentAsync(alice, null, false, default).ReturnsForAnyArgs(Result("alice-token", alice));
        await Source().GetTokenAsync(Request("fabrikam"), default);
        Assert.True(_bindings["fabrikam"]!.Implicit);
        OrganizationRefusesTheAccount();

        await Source().ForgetAsync(Request("fabrikam") with { RefusedToken = Refused("alice-token") }, default);
        Assert.Equal(new AccountBinding("fabrikam", null, TenantId: Tenant, RefusedUsername: "alice@contoso.com"), _bindings["fabrikam"]);
        await _access.Received(1).CheckAsync(Arg.Is<AzureDevOpsTarget>(t => t.Organization == "fabrikam"), Arg.Is<Secret>(t => t.Reveal() == "alice-token"), Arg.Any<CancellationToken>());

        _deviceCode.SignInAsync(default!, default).ReturnsForAnyArgs(Result("bob-token", bob, source: TokenSource.IdentityProvider));
        AccessTokenResult token = await Source().GetTokenAsync(Request("fabrikam"), default);

        Assert.Equal("bob-token", token.Token.Reveal());
        await _deviceCode.Received(1).SignInAsync(Arg.Is<SignInRequest>(r => r.LoginHint == null && r.SelectAccount), Arg.Any<CancellationToken>());
        Assert.Equal("bob@contoso.com", _bindings["fabrikam"]!.Username);
        Assert.False(_bindings["fabrikam"]!.Implicit);
    }

    [Fact]
    public async Task Git_asking_again_after_refusing_an_implicitly_reused_account_signs_in_within_the_same_command()
    {
        IAccount alice = Account("alice@contoso.com");
        IAccount bob = Account("bob@contoso.com");
        _client.GetAccountsAsync(default).ReturnsForAnyArgs([alice]);
        _client.AcquireSilentAsync(alice, null, false, default).ReturnsForAnyArgs(Result("alice-token", alice));
        await Source().GetTokenAsync(Request("fabrikam"), default);
        _deviceCode.SignInAsync(default!, default).ReturnsForAnyArgs(Result("bob-token", bob, source: TokenSource.IdentityProvider));
        OrganizationRefusesTheAccount();

        AccessTokenResult retry = await Source().GetTokenAsync(Request("fabrikam") with { RefusedToken = Refused("alice-token") }, default);

        Assert.Equal("bob-token", retry.Token.Reveal());
        await _deviceCode.Received(1).SignInAsync(Arg.Is<SignInRequest>(r => r.SelectAccount && r.LoginHint == null), Arg.Any<CancellationToken>());
        Assert.Equal(new AccountBinding("fabrikam", "bob@contoso.com", bob.HomeAccountId.Identifier, Tenant), _bindings["fabrikam"]);
    }

    [Fact]
    public async Task Refused_account_without_interaction_says_how_to_bind_another()
    {
        await _bindings.SaveAsync(new AccountBinding("fabrikam", null, TenantId: Tenant, RefusedUsername: "alice@contoso.com"), default);
        _interaction = new(false, false, false, "CI=true");

        var e = await Assert.ThrowsAsync<HelperException>(() => Source().GetTokenAsync(Request("fabrikam"), default));

        Assert.Equal("Azure DevOps refused alice@contoso.com for 'fabrikam' and interaction is off (CI=true)", e.Message);
        Assert.Contains("git credential-entra account bind fabrikam USER", e.Hints[1], StringComparison.Ordinal);
        Assert.True(e.OthersMayServe);
    }

    [Fact]
    public async Task A_bound_account_the_organization_refuses_is_named_and_the_next_sign_in_shows_the_picker()
    {
        IAccount alice = Account("alice@contoso.com");
        IAccount bob = Account("bob@contoso.com");
        await _bindings.SaveAsync(new AccountBinding("contoso", "alice@contoso.com", alice.HomeAccountId.Identifier, Tenant), default);
        _client.GetAccountsAsync(default).ReturnsForAnyArgs([alice]);
        _client.AcquireSilentAsync(alice, null, false, Arg.Any<CancellationToken>()).Returns(Result("first", alice));
        OrganizationRefusesTheAccount();

        await Source().ForgetAsync(Request() with { RefusedToken = Refused("first") }, default);

        Assert.Equal(new AccountBinding("contoso", null, TenantId: Tenant, RefusedUsername: "alice@contoso.com"), _bindings["contoso"]);
        Assert.Equal("git-credential-entra: Azure DevOps refused alice@contoso.com for 'contoso' (TF400813: not a member): run the git command again to choose another account", _notices.Lines[0]);
        Assert.Equal("hint: or name it first: git credential-entra account bind contoso USER", _notices.Lines[1]);
        _deviceCode.SignInAsync(default!, default).ReturnsForAnyArgs(Result("bob-token", bob, source: TokenSource.IdentityProvider));
        Assert.Equal("bob-token", (await Source().GetTokenAsync(Request(), default)).Token.Reveal());
        await _deviceCode.Received(1).SignInAsync(Arg.Is<SignInRequest>(r => r.SelectAccount && r.LoginHint == null), Arg.Any<CancellationToken>());
        Assert.Equal("bob@contoso.com", _bindings["contoso"]!.Username);
    }

    [Fact]
    public async Task An_account_the_organization_has_never_seen_is_told_to_sign_in_in_a_browser_or_choose_another()
    {
        IAccount alice = Account("alice@contoso.com");
        await _bindings.SaveAsync(new AccountBinding("contoso", "alice@contoso.com", alice.HomeAccountId.Identifier, Tenant), default);
        _client.GetAccountsAsync(default).ReturnsForAnyArgs([alice]);
        _client.AcquireSilentAsync(alice, null, false, Arg.Any<CancellationToken>()).Returns(Result("first", alice));
        OrganizationRefusesTheAccount(AccessVerdict.NeverSignedIn);

        await Source().ForgetAsync(Request() with { RefusedToken = Refused("first") }, default);

        Assert.Equal("alice@contoso.com", _bindings["contoso"]!.RefusedUsername);
        Assert.StartsWith("git-credential-entra: Azure DevOps has not yet seen alice@contoso.com sign in to 'contoso' (TF401444)", _notices.Lines[0], StringComparison.Ordinal);
        Assert.Contains(_notices.Lines, l => l.StartsWith("hint: or sign in to https://dev.azure.com/contoso once in a web browser as alice@contoso.com", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(AccessVerdict.Accepted)]
    [InlineData(AccessVerdict.TokenRefused)]
    [InlineData(AccessVerdict.Unknown)]
    public async Task A_refused_token_of_an_account_the_organization_still_takes_keeps_the_account_and_is_refreshed(AccessVerdict verdict)
    {
        // Erased again and again (a stale token, a repository the account cannot write, a test forcing
        // refreshes): as long as the organization takes the account, it stays bound.
        IAccount alice = Account("alice@contoso.com");
        await _bindings.SaveAsync(new AccountBinding("contoso", "alice@contoso.com", alice.HomeAccountId.Identifier, Tenant), default);
        _client.GetAccountsAsync(default).ReturnsForAnyArgs([alice]);
        _client.AcquireSilentAsync(alice, null, false, Arg.Any<CancellationToken>()).Returns(Result("first", alice), Result("first", alice), Result("fresh", alice), Result("fresh", alice));
        _client.AcquireSilentAsync(alice, null, true, Arg.Any<CancellationToken>()).Returns(Result("fresh", alice, source: TokenSource.IdentityProvider));
        OrganizationRefusesTheAccount(verdict);

        await Source().ForgetAsync(Request() with { RefusedToken = Refused("first") }, default);
        Assert.Equal("fresh", (await Source().GetTokenAsync(Request(), default)).Token.Reveal());
        await Source().ForgetAsync(Request() with { RefusedToken = Refused("fresh") }, default);

        Assert.Equal("alice@contoso.com", _bindings["contoso"]!.Username);
        Assert.Null(_bindings["contoso"]!.RefusedUsername);
        Assert.Empty(_notices.Lines);
        await _access.Received(2).CheckAsync(Arg.Any<AzureDevOpsTarget>(), Arg.Any<Secret>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_pinned_account_is_never_exchanged_for_the_picker_and_the_organization_is_not_asked()
    {
        _settings = _settings with { PinnedUsername = "alice@contoso.com" };
        IAccount alice = Account("alice@contoso.com");
        await _bindings.SaveAsync(new AccountBinding("contoso", "alice@contoso.com", alice.HomeAccountId.Identifier, Tenant), default);
        _client.GetAccountsAsync(default).ReturnsForAnyArgs([alice]);
        _client.AcquireSilentAsync(alice, null, false, Arg.Any<CancellationToken>()).Returns(Result("first", alice));
        OrganizationRefusesTheAccount();

        await Source().ForgetAsync(Request() with { RefusedToken = Refused("first") }, default);

        Assert.Equal("alice@contoso.com", _bindings["contoso"]!.Username);
        await _access.DidNotReceiveWithAnyArgs().CheckAsync(default!, default, default);
    }

    [Fact]
    public async Task A_refused_token_whose_refresh_then_works_keeps_the_account()
    {
        IAccount alice = Account("alice@contoso.com");
        await _bindings.SaveAsync(new AccountBinding("contoso", "alice@contoso.com", alice.HomeAccountId.Identifier, Tenant), default);
        _client.GetAccountsAsync(default).ReturnsForAnyArgs([alice]);
        _client.AcquireSilentAsync(alice, null, false, Arg.Any<CancellationToken>()).Returns(Result("first", alice), Result("first", alice), Result("fresh", alice));
        _client.AcquireSilentAsync(alice, null, true, Arg.Any<CancellationToken>()).Returns(Result("fresh", alice, source: TokenSource.IdentityProvider));

        await Source().ForgetAsync(Request() with { RefusedToken = Refused("first") }, default);
        await Source().GetTokenAsync(Request(), default);
        await Source().ForgetAsync(Request() with { RefusedToken = Refused("other") }, default); // not the fresh one: changes nothing

        Assert.Equal("alice@contoso.com", _bindings["contoso"]!.Username);
        Assert.Null(_bindings["contoso"]!.RefusedUsername);
        Assert.Empty(_notices.Lines);
    }

    [Fact]
    public async Task Git_asking_again_for_an_explicitly_bound_account_refreshes_its_token()
    {
        IAccount alice = Account("alice@contoso.com");
        await _bindings.SaveAsync(new AccountBinding("contoso", "alice@contoso.com", alice.HomeAccountId.Identifier, Tenant), default);
        _client.GetAccountsAsync(default).ReturnsForAnyArgs([alice]);
        _client.AcquireSilentAsync(alice, null, false, Arg.Any<CancellationToken>()).Returns(Result("refused", alice));
        _client.AcquireSilentAsync(alice, null, true, Arg.Any<CancellationToken>()).Returns(Result("refreshed", alice, source: TokenSource.IdentityProvider));

        AccessTokenResult retry = await Source().GetTokenAsync(Request() with { RefusedToken = Refused("refused") }, default);

        Assert.Equal("refreshed", retry.Token.Reveal());
        await _deviceCode.DidNotReceiveWithAnyArgs().SignInAsync(default!, default);
    }

    [Fact]
    public async Task Broker_bound_account_falls_back_to_the_plain_cache_when_msal_cannot_start_the_broker()
    {
        IAccount alice = Account("alice@contoso.com");
        await _bindings.SaveAsync(new AccountBinding("contoso", "alice@contoso.com", alice.HomeAccountId.Identifier, Tenant, ViaBroker: true), default);
        IMsalUserClient brokerClient = Substitute.For<IMsalUserClient>();
        brokerClient.GetAccountsAsync(default).ThrowsAsyncForAnyArgs(new MsalClientException("wam_runtime_init_failed", "libwebkit2gtk-4.1.so.0: cannot open shared object file"));
        _clients.Create(Tenant, true).Returns(brokerClient);
        _client.GetAccountsAsync(default).ReturnsForAnyArgs([alice]);
        _client.AcquireSilentAsync(alice, null, false, default).ReturnsForAnyArgs(Result("plain", alice));

        AccessTokenResult token = await Source(brokerAvailable: true).GetTokenAsync(Request(), default);

        Assert.Equal("plain", token.Token.Reveal());
    }

    [Fact]
    public async Task Entra_failure_during_silent_refresh_is_one_line_not_a_prompt()
    {
        IAccount alice = Account("alice@contoso.com");
        _client.GetAccountsAsync(default).ReturnsForAnyArgs([alice]);
        _client.AcquireSilentAsync(alice, null, false, default).ThrowsAsyncForAnyArgs(new MsalServiceException("service_not_available", "Service unavailable\nTrace ID: x", 503));

        var e = await Assert.ThrowsAsync<HelperException>(() => Source().GetTokenAsync(Request(), default));

        Assert.Contains("HTTP 503", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        await _deviceCode.DidNotReceiveWithAnyArgs().SignInAsync(default!, default);
    }

    [Fact]
    public async Task Acquisition_runs_inside_the_caches_single_flight_section()
    {
        var events = new List<string>();
        _cache.EnterSingleFlightAsync(default!, default!, default).ReturnsForAnyArgs(_ =>
        {
            events.Add("enter");
            return Task.FromResult<IAsyncDisposable>(new Disposable(() => events.Add("leave")));
        });
        IAccount alice = Account("alice@contoso.com");
        _client.GetAccountsAsync(default).ReturnsForAnyArgs(_ =>
        {
            events.Add("msal");
            return [alice];
        });
        _client.AcquireSilentAsync(alice, null, false, default).ReturnsForAnyArgs(Result("t", alice));

        await Source().GetTokenAsync(Request(), default);

        Assert.Equal(["enter", "msal", "leave"], events);
        await _cache.Received(1).EnterSingleFlightAsync($"user:{UserSignInSettings.DefaultClientId}:{Tenant}", "signing in to 'contoso'", Arg.Any<CancellationToken>());
    }

    private UserTokenSource Source(HelperTrace? trace = null, bool brokerAvailable = false) => new(
        _settings,
        _clients,
        _cache,
        _bindings,
        new Dictionary<SignInFlow, IInteractiveSignIn>
        {
            [SignInFlow.Broker] = _broker,
            [SignInFlow.System] = _browser,
            [SignInFlow.DeviceCode] = _deviceCode,
        },
        () => new BrokerStatus(brokerAvailable, brokerAvailable ? "test broker" : "no broker in tests"),
        browserConfigured: false,
        _access,
        trace ?? HelperTrace.Disabled,
        _notices);

    /// <summary>What the organization answers about a refused token; by default it still takes it (a stale token).</summary>
    private readonly IAccountAccessCheck _access = Substitute.For<IAccountAccessCheck>();

    private void OrganizationRefusesTheAccount(AccessVerdict verdict = AccessVerdict.NotAMember) =>
        _access.CheckAsync(default!, default, default).ReturnsForAnyArgs(verdict);

    private readonly RecordingTerminal _notices = new();

    private sealed class Disposable(Action onDispose) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            onDispose();
            return ValueTask.CompletedTask;
        }
    }
}
