using GitEntraHelper.Identity.User;
using GitEntraHelper.Platform;
using GitEntraHelper.Settings;
using Microsoft.Identity.Client;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using static GitEntraHelper.Tests.Identity.User.UserTestData;
using OS = Microsoft.Identity.Client.BrokerOptions.OperatingSystems;

namespace GitEntraHelper.Tests.Identity.User;

/// <summary>The broker only where the app registration can use it: per OS and client id (GCM issue 2043).</summary>
public sealed class BrokerChoiceTests
{
    private const string OwnApp = "11111111-2222-3333-4444-555555555555";
    private static readonly UserSignInSettings DefaultClient = UserSignInSettings.Default;
    private static readonly InteractionDecision Desktop = new(true, Terminal: true, Desktop: true, null);

    [Theory]
    [InlineData(OS.Windows, true)]
    [InlineData(OS.OSX, false)]
    [InlineData(OS.Linux, false)]
    public void The_default_client_has_the_broker_on_windows_only(OS os, bool allowed)
    {
        string? refusal = BrokerChoice.Refusal(os, DefaultClient);

        Assert.Equal(allowed, refusal is null);
        if (!allowed)
        {
            Assert.Contains("GCM issue 2043", refusal, StringComparison.Ordinal);
            Assert.Contains("credential.entraBrokerRedirectUri", refusal, StringComparison.Ordinal);
            Assert.Contains(BrokerChoice.RedirectUriFor(os, UserSignInSettings.DefaultClientId), refusal, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(OS.Windows)]
    [InlineData(OS.OSX)]
    [InlineData(OS.Linux)]
    public void Your_own_app_has_the_broker_only_once_you_name_its_broker_redirect_uri(OS os)
    {
        UserSignInSettings own = DefaultClient with { ClientId = OwnApp };

        Assert.Contains("credential.entraBrokerRedirectUri is not set", BrokerChoice.Refusal(os, own), StringComparison.Ordinal);
        Assert.Null(BrokerChoice.Refusal(os, own with { BrokerRedirectUri = BrokerChoice.RedirectUriFor(os, OwnApp) }));
    }

    [Fact]
    public void On_windows_the_named_uri_must_be_the_one_wam_uses()
    {
        UserSignInSettings own = DefaultClient with { ClientId = OwnApp, BrokerRedirectUri = "http://localhost" };

        Assert.Contains($"ms-appx-web://microsoft.aad.brokerplugin/{OwnApp}", BrokerChoice.Refusal(OS.Windows, own), StringComparison.Ordinal);
        Assert.Null(BrokerChoice.Refusal(OS.Windows, own with { BrokerRedirectUri = $"ms-appx-web://Microsoft.AAD.BrokerPlugin/{OwnApp}" }));
    }

    [Theory]
    [InlineData(OS.Windows)]
    [InlineData(OS.Linux)]
    public void Gcms_use_broker_false_refuses_it_everywhere(OS os) =>
        Assert.Equal("credential.msauthUseBroker is false",
            BrokerChoice.Refusal(os, DefaultClient with { ClientId = OwnApp, UseBroker = false, BrokerRedirectUri = BrokerChoice.RedirectUriFor(os, OwnApp) }));

    [Fact]
    public void Documented_redirect_uris_per_os() =>
        Assert.Equal(
            [$"ms-appx-web://microsoft.aad.brokerplugin/{OwnApp}", "msauth.com.msauth.unsignedapp://auth", "https://login.microsoftonline.com/common/oauth2/nativeclient"],
            new[] { OS.Windows, OS.OSX, OS.Linux }.Select(os => BrokerChoice.RedirectUriFor(os, OwnApp)));

    [Fact]
    public void Auto_on_a_linux_desktop_with_the_broker_installed_skips_it_for_the_default_client()
    {
        IBrokerPlatform linux = Installed(OS.Linux);

        IBrokerPlatform restricted = BrokerChoice.Restrict(linux, DefaultClient);

        Assert.False(restricted.Probe().Available);
        Assert.Equal([SignInFlow.System, SignInFlow.DeviceCode], SignInPlan.For(SignInFlow.Auto, Desktop, false, restricted.Probe));
        Assert.Equal(OS.Linux, restricted.OperatingSystem);
        linux.DidNotReceive().Probe(); // the installed broker is not even looked at
    }

    [Fact]
    public void Auto_on_a_linux_desktop_uses_the_broker_for_an_app_that_registered_it()
    {
        IBrokerPlatform restricted = BrokerChoice.Restrict(Installed(OS.Linux), DefaultClient with { ClientId = OwnApp, BrokerRedirectUri = BrokerChoice.LinuxRedirectUri });

        Assert.Equal([SignInFlow.Broker, SignInFlow.System, SignInFlow.DeviceCode], SignInPlan.For(SignInFlow.Auto, Desktop, false, restricted.Probe));
        Assert.Equal(BrokerChoice.LinuxRedirectUri, BrokerChoice.BrokerClientRedirectUri(OS.Linux, DefaultClient with { BrokerRedirectUri = BrokerChoice.LinuxRedirectUri }));
        Assert.Null(BrokerChoice.BrokerClientRedirectUri(OS.Windows, DefaultClient with { BrokerRedirectUri = "x" }));
    }

    [Fact]
    public void Auto_on_windows_uses_wam_for_the_default_client() =>
        Assert.Equal([SignInFlow.Broker, SignInFlow.System, SignInFlow.DeviceCode],
            SignInPlan.For(SignInFlow.Auto, Desktop, false, BrokerChoice.Restrict(Installed(OS.Windows), DefaultClient).Probe));

    [Theory]
    [InlineData(OS.Windows, UserSignInSettings.DefaultClientId, true)]   // as GCM: Visual Studio's client is an MSA pass-through app
    [InlineData(OS.Windows, OwnApp, false)]
    [InlineData(OS.Linux, UserSignInSettings.DefaultClientId, false)]
    [InlineData(OS.OSX, OwnApp, false)]
    public void Msa_pass_through_is_asked_for_the_default_client_on_windows(OS os, string clientId, bool passThrough)
    {
        BrokerOptions options = BrokerChoice.Options(os, clientId);

        Assert.Equal(passThrough, options.MsaPassthrough);
        Assert.Equal(os, options.EnabledOn);
        Assert.Equal("Git", options.Title);
    }

    public static TheoryData<MsalException, bool> Answers => new()
    {
        { new MsalServiceException("WAM_provider_error_3399614476", "WAM Error \n Error Code: 3399614476 \n Possible causes: \n- Invalid redirect uri"), true },
        { new MsalServiceException("unknown_broker_error", "Unknown Status: Unexpected Context: AADSTS50011: The redirect URI 'https://login.microsoftonline.com/common/oauth2/nativeclient' specified in the request does not match"), true },
        { new MsalServiceException("invalid_client", "AADSTS500113: No reply address is registered for the application."), true },
        { new MsalClientException(MsalError.RedirectUriValidationFailed, "redirect uri"), true },
        { new MsalClientException("wam_runtime_init_failed", "cannot load libmsalruntime.so"), true },
        { new MsalClientException(MsalError.BrokerApplicationRequired, "install a broker"), true },
        { new MsalClientException(MsalError.AuthenticationCanceledError, "cancelled"), false },      // the user said no: not a reason to open a browser
        { new MsalUiRequiredException("invalid_grant", "AADSTS50076: MFA required"), false },
        { new MsalServiceException("invalid_grant", "AADSTS53003: Access has been blocked by Conditional Access policies."), false },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public void Answers_that_mean_this_app_cannot_use_the_broker_here(MsalException answer, bool unusable) =>
        Assert.Equal(unusable, BrokerChoice.IsUnusable(answer));

    [Fact]
    public async Task A_broker_refusing_the_apps_redirect_uri_falls_back_to_the_next_flow()
    {
        var client = Substitute.For<IMsalUserClient>();
        var clients = Substitute.For<IMsalUserClientFactory>();
        clients.Create(Tenant, true).Returns(client);
        IBrokerPlatform platform = Installed(OS.Linux);
        platform.RunInteractiveAsync(Arg.Any<Func<Task<AuthenticationResult>>>()).Returns(call => call.Arg<Func<Task<AuthenticationResult>>>()());
        client.AcquireInteractiveAsync(default!, default).ThrowsAsyncForAnyArgs(
            new MsalServiceException("WAM_provider_error_3399614476", "WAM Error \n Error Code: 3399614476 \n Possible causes: \n- Invalid redirect uri"));

        var e = await Assert.ThrowsAsync<SignInFlowUnavailableException>(() =>
            new BrokerSignIn(clients, platform).SignInAsync(new SignInRequest(Target(), Tenant, null, null, false), default));

        Assert.Equal("the broker cannot sign this app in here (WAM_provider_error_3399614476: WAM Error)", e.Message);
    }

    [Fact]
    public void Settings_read_gcms_use_broker_and_our_redirect_uri()
    {
        var config = new Dictionary<string, string>
        {
            ["credential.msauthusebroker"] = "true",
            ["credential.msauthflow"] = "system",
            ["credential.entrabrokerredirecturi"] = BrokerChoice.MacRedirectUri,
        };

        UserSignInSettings user = UserSignInSettings.From(HelperSettings.FromValues(new DictionaryEnvironmentVariables(), config), "contoso");

        Assert.Equal((SignInFlow.Broker, true, BrokerChoice.MacRedirectUri), (user.Flow, user.UseBroker, user.BrokerRedirectUri)); // as GCM: the broker before the flow type
        var off = UserSignInSettings.From(HelperSettings.FromValues(new DictionaryEnvironmentVariables { [Variables.GcmMsAuthUseBroker] = "0" }, config), "contoso");
        Assert.Equal((SignInFlow.System, false), (off.Flow, off.UseBroker));
        Assert.Throws<GitEntraHelper.Diagnostics.HelperException>(() => UserSignInSettings.ParseUseBroker("sometimes", "git config credential.msauthUseBroker"));
        Assert.Throws<GitEntraHelper.Diagnostics.HelperException>(() => UserSignInSettings.ParseBrokerRedirectUri("not a uri", "git config credential.entraBrokerRedirectUri"));
    }

    private static IBrokerPlatform Installed(OS os)
    {
        var platform = Substitute.For<IBrokerPlatform>();
        platform.OperatingSystem.Returns(os);
        platform.Probe().Returns(new BrokerStatus(true, "installed"));
        return platform;
    }
}
