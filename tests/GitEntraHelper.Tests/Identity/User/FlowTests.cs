using GitEntraHelper.Diagnostics;
using GitEntraHelper.Identity.User;
using GitEntraHelper.Platform;
using Microsoft.Identity.Client;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using static GitEntraHelper.Tests.Identity.User.UserTestData;

namespace GitEntraHelper.Tests.Identity.User;

public sealed class DeviceCodeSignInTests
{
    private readonly IMsalUserClient _client = Substitute.For<IMsalUserClient>();
    private readonly IMsalUserClientFactory _clients = Substitute.For<IMsalUserClientFactory>();
    private readonly RecordingTerminal _terminal = new();

    public DeviceCodeSignInTests() => _clients.Create(Tenant, false).Returns(_client);

    [Fact]
    public async Task Shows_url_and_code_on_the_terminal_and_returns_the_token()
    {
        IAccount alice = Account("alice@contoso.com");
        _client.AcquireWithDeviceCodeAsync(null, default!, default).ReturnsForAnyArgs(async call =>
        {
            await call.Arg<Func<DeviceCodeInfo, Task>>()(new DeviceCodeInfo("ABCD-EFGH", "https://127.0.0.1:5001/devicelogin", DateTimeOffset.UtcNow.AddMinutes(15)));
            return Result("t", alice);
        });

        AuthenticationResult result = await SignIn().SignInAsync(new SignInRequest(Target(), Tenant, null, null, false), default);

        Assert.Equal("t", result.AccessToken);
        Assert.Equal(["To sign in to Azure DevOps, open https://127.0.0.1:5001/devicelogin and enter the code ABCD-EFGH (valid for 15 min)."], _terminal.Lines);
    }

    [Fact]
    public async Task Never_waits_longer_than_the_code_lives()
    {
        _client.AcquireWithDeviceCodeAsync(null, default!, default).ReturnsForAnyArgs(async call =>
        {
            await call.Arg<Func<DeviceCodeInfo, Task>>()(new DeviceCodeInfo("X", "https://x", DateTimeOffset.UtcNow.AddMilliseconds(300)));
            await Task.Delay(Timeout.Infinite, call.Arg<CancellationToken>());
            return null!;
        });
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<HelperException>(() => SignIn(grace: TimeSpan.Zero).SignInAsync(new SignInRequest(Target(), Tenant, null, null, false), default));

        Assert.Contains("expired before sign-in completed", e.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"waited {clock.Elapsed}");
    }

    [Theory]
    [InlineData(true, "expired_token")] // Entra's answer to a poll after the code's life
    [InlineData(false, "code_expired")] // MSAL stopping at the code's expires_in by itself (a client exception)
    public async Task Msal_reporting_the_code_expired_is_the_same_clear_line(bool fromService, string code)
    {
        MsalException thrown = fromService ? new MsalServiceException(code, "expired") : new MsalClientException(code, "Verification code expired");
        _client.AcquireWithDeviceCodeAsync(null, default!, default).ThrowsAsyncForAnyArgs(thrown);

        var e = await Assert.ThrowsAsync<HelperException>(() => SignIn().SignInAsync(new SignInRequest(Target(), Tenant, null, null, false), default));

        Assert.Contains("'contoso'", e.Message);
        Assert.Contains("expired before sign-in completed", e.Message);
    }

    [Fact]
    public async Task Caller_cancellation_is_not_reported_as_expiry()
    {
        using var cts = new CancellationTokenSource();
        _client.AcquireWithDeviceCodeAsync(null, default!, default).ReturnsForAnyArgs(async call =>
        {
            await cts.CancelAsync();
            call.Arg<CancellationToken>().ThrowIfCancellationRequested();
            return null!;
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => SignIn().SignInAsync(new SignInRequest(Target(), Tenant, null, null, false), cts.Token));
    }

    [Fact]
    public async Task A_conditional_access_refusal_is_left_to_MsalErrorLine_with_the_flow_named()
    {
        _client.AcquireWithDeviceCodeAsync(null, default!, default).ThrowsAsyncForAnyArgs(new MsalServiceException("invalid_grant", "AADSTS53003: Access has been blocked by Conditional Access policies."));

        await Assert.ThrowsAsync<MsalServiceException>(() => SignIn().SignInAsync(new SignInRequest(Target(), Tenant, null, null, false), default));
    }

    private DeviceCodeSignIn SignIn(TimeSpan? grace = null) => new(_clients, _terminal, TimeProvider.System, HelperTrace.Disabled, grace);
}

public sealed class SystemBrowserSignInTests
{
    private readonly IMsalUserClient _client = Substitute.For<IMsalUserClient>();
    private readonly IMsalUserClientFactory _clients = Substitute.For<IMsalUserClientFactory>();

    public SystemBrowserSignInTests() => _clients.Create(Tenant, false).Returns(_client);

    [Fact]
    public async Task Uses_BROWSER_and_a_page_that_sends_the_user_back_to_the_terminal()
    {
        IAccount alice = Account("alice@contoso.com");
        _client.AcquireInteractiveAsync(default!, default).ReturnsForAnyArgs(Result("t", alice));
        var launcher = new BrowserLauncher(n => n == "BROWSER" ? "my-browser" : null, Substitute.For<ICommandRunner>(), HelperTrace.Disabled);

        await new SystemBrowserSignIn(_clients, launcher, new RecordingTerminal(), HelperTrace.Disabled, () => TimeSpan.FromMinutes(10))
            .SignInAsync(new SignInRequest(Target(), Tenant, "alice@contoso.com", "{}", false), default);

        await _client.Received(1).AcquireInteractiveAsync(
            Arg.Is<InteractiveOptions>(o => o.LoginHint == "alice@contoso.com" && o.Claims == "{}" && o.ParentWindow == null
                && o.Browser!.OpenBrowserAsync != null && o.Browser.HtmlMessageSuccess.Contains("return to the terminal")),
            Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task The_address_is_printed_once_the_browser_was_started_and_an_unfinished_sign_in_ends_at_the_bound()
    {
        var runner = Substitute.For<ICommandRunner>();
        runner.StartAsync(default!, default).ReturnsForAnyArgs(Task.FromResult<int?>(null)); // still running: started
        var launcher = new BrowserLauncher(n => n == "BROWSER" ? "my-browser" : null, runner, HelperTrace.Disabled);
        _client.AcquireInteractiveAsync(default!, default).ReturnsForAnyArgs(async call =>
        {
            // As MSAL does: open the page, then wait on the loopback listener until cancelled.
            await call.Arg<InteractiveOptions>().Browser!.OpenBrowserAsync!(new Uri("https://login.example/authorize?x=1"));
            await Task.Delay(Timeout.Infinite, call.Arg<CancellationToken>());
            return null!;
        });
        var terminal = new RecordingTerminal();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<HelperException>(() => new SystemBrowserSignIn(_clients, launcher, terminal, HelperTrace.Disabled, () => TimeSpan.FromSeconds(1))
            .SignInAsync(new SignInRequest(Target(), Tenant, null, null, false), default));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"waited {clock.Elapsed}");
        Assert.Contains("If no browser shows the sign-in page, open this address (waiting up to 1 s):", terminal.Lines);
        Assert.Contains("https://login.example/authorize?x=1", terminal.Lines); // the address alone on its line, to copy
        Assert.StartsWith("browser sign-in for 'contoso' did not complete within 1 s (credential.entraBrowserTimeout)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_browser_that_cannot_start_makes_the_flow_unavailable()
    {
        _client.AcquireInteractiveAsync(default!, default).ThrowsAsyncForAnyArgs(new MsalClientException(MsalError.LinuxXdgOpen, "xdg-open failed"));
        var launcher = new BrowserLauncher(_ => null, Substitute.For<ICommandRunner>(), HelperTrace.Disabled);

        await Assert.ThrowsAsync<SignInFlowUnavailableException>(() => new SystemBrowserSignIn(_clients, launcher, new RecordingTerminal(), HelperTrace.Disabled, () => TimeSpan.FromMinutes(10))
            .SignInAsync(new SignInRequest(Target(), Tenant, null, null, true), default));
    }
}

public sealed class BrokerSignInTests
{
    private readonly IMsalUserClient _client = Substitute.For<IMsalUserClient>();
    private readonly IMsalUserClientFactory _clients = Substitute.For<IMsalUserClientFactory>();
    private readonly IBrokerPlatform _platform = Substitute.For<IBrokerPlatform>();

    public BrokerSignInTests()
    {
        _clients.Create(Tenant, true).Returns(_client);
        _platform.RunInteractiveAsync(Arg.Any<Func<Task<AuthenticationResult>>>()).Returns(call => call.Arg<Func<Task<AuthenticationResult>>>()());
    }

    [Fact]
    public async Task Probe_failure_is_unavailability_and_msal_is_never_asked()
    {
        _platform.Probe().Returns(new BrokerStatus(false, "libwebkit2gtk-4.1.so.0 is not installed"));

        var e = await Assert.ThrowsAsync<SignInFlowUnavailableException>(() => new BrokerSignIn(_clients, _platform).SignInAsync(new SignInRequest(Target(), Tenant, null, null, false), default));

        Assert.Contains("libwebkit2gtk", e.Message);
        _clients.DidNotReceiveWithAnyArgs().Create(default!, default);
    }

    [Fact]
    public async Task Msal_failing_to_start_the_broker_runtime_is_unavailability_not_a_crash()
    {
        _platform.Probe().Returns(new BrokerStatus(true, "ok"));
        _client.AcquireInteractiveAsync(default!, default).ThrowsAsyncForAnyArgs(new MsalClientException("wam_runtime_init_failed", "cannot load libmsalruntime.so"));

        var e = await Assert.ThrowsAsync<SignInFlowUnavailableException>(() => new BrokerSignIn(_clients, _platform).SignInAsync(new SignInRequest(Target(), Tenant, null, null, false), default));

        Assert.Contains("wam_runtime_init_failed", e.Message);
    }

    [Fact]
    public async Task Wam_without_a_window_to_parent_its_dialog_is_unavailability_not_a_failure()
    {
        _platform.Probe().Returns(new BrokerStatus(true, "ok"));
        _client.AcquireInteractiveAsync(default!, default).ThrowsAsyncForAnyArgs(
            new MsalClientException(BrokerSignIn.WindowHandleRequired, "A window handle must be configured."));

        var e = await Assert.ThrowsAsync<SignInFlowUnavailableException>(() => new BrokerSignIn(_clients, _platform).SignInAsync(new SignInRequest(Target(), Tenant, null, null, false), default));

        Assert.Contains("no console window (window_handle_required)", e.Message);
    }

    [Fact]
    public async Task Runs_where_the_platform_needs_it_with_the_users_hint()
    {
        _platform.Probe().Returns(new BrokerStatus(true, "ok"));
        _client.AcquireInteractiveAsync(default!, default).ReturnsForAnyArgs(Result("b", Account("alice@contoso.com")));

        await new BrokerSignIn(_clients, _platform).SignInAsync(new SignInRequest(Target(), Tenant, "alice@contoso.com", null, false), default);

        await _platform.Received(1).RunInteractiveAsync(Arg.Any<Func<Task<AuthenticationResult>>>());
        await _client.Received(1).AcquireInteractiveAsync(Arg.Is<InteractiveOptions>(o => o.LoginHint == "alice@contoso.com" && o.Browser == null), Arg.Any<CancellationToken>());
    }
}
