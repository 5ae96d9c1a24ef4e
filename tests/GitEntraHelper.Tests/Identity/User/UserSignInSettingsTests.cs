using GitEntraHelper.Diagnostics;
using GitEntraHelper.Identity.User;
using GitEntraHelper.Platform;
using GitEntraHelper.Settings;

namespace GitEntraHelper.Tests.Identity.User;

public sealed class UserSignInSettingsTests
{
    [Theory]
    [InlineData(null, SignInFlow.Auto)]
    [InlineData("auto", SignInFlow.Auto)]
    [InlineData("System", SignInFlow.System)]
    [InlineData("embedded", SignInFlow.System)]
    [InlineData("devicecode", SignInFlow.DeviceCode)]
    [InlineData(" broker ", SignInFlow.Broker)]
    public void Flow_accepts_gcm_values_and_broker(string? value, SignInFlow expected) =>
        Assert.Equal(expected, UserSignInSettings.ParseFlow(value, "git config credential.msauthFlow"));

    [Fact]
    public void Unknown_flow_is_one_line_naming_the_source()
    {
        var e = Assert.Throws<HelperException>(() => UserSignInSettings.ParseFlow("webview", "git config credential.msauthFlow"));

        Assert.Equal("git config credential.msauthFlow has an unknown value 'webview': use auto, system, devicecode or broker", e.Message);
    }

    [Theory]
    [InlineData(null, InteractivePreference.Auto)]
    [InlineData("true", InteractivePreference.Auto)]
    [InlineData("never", InteractivePreference.Never)]
    [InlineData("false", InteractivePreference.Never)]
    [InlineData("0", InteractivePreference.Never)]
    [InlineData("always", InteractivePreference.Always)]
    [InlineData("force", InteractivePreference.Always)]
    public void Interactive_follows_gcm(string? value, InteractivePreference expected) =>
        Assert.Equal(expected, UserSignInSettings.ParseInteractive(value, "x"));

    [Fact]
    public void Client_id_must_be_a_guid()
    {
        Assert.Equal(UserSignInSettings.DefaultClientId, UserSignInSettings.ParseClientId(null, "x"));
        Assert.Throws<HelperException>(() => UserSignInSettings.ParseClientId("my-app", "x"));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("contoso", null)]
    [InlineData("alice@contoso.com", "alice@contoso.com")]
    [InlineData("CONTOSO@x", "CONTOSO@x")]
    public void Only_a_sign_in_name_pins_an_account(string? value, string? expected) =>
        Assert.Equal(expected, UserSignInSettings.ParsePinnedUsername(value, "contoso"));

    [Fact]
    public void Environment_beats_git_config_and_url_specific_username_pins()
    {
        var environment = new DictionaryEnvironmentVariables { ["GCM_MSAUTH_FLOW"] = "devicecode", ["GIT_ENTRA_CLIENT_ID"] = "11111111-2222-3333-4444-555555555555" };
        var config = new Dictionary<string, string>
        {
            ["credential.msauthflow"] = "system",
            ["credential.azreposclientid"] = "22222222-2222-3333-4444-555555555555",
            ["credential.interactive"] = "never",
            ["credential.username"] = "bob@contoso.com",
        };

        UserSignInSettings settings = UserSignInSettings.From(HelperSettings.FromValues(environment, config), "contoso");

        Assert.Equal(new UserSignInSettings("11111111-2222-3333-4444-555555555555", SignInFlow.DeviceCode, InteractivePreference.Never, "bob@contoso.com"), settings);
    }

    [Fact]
    public void Keys_are_in_the_help_catalogue()
    {
        Assert.Contains(SettingKeys.All, k => k.GitConfigKey == "credential.msauthFlow" && k.EnvironmentVariable == "GCM_MSAUTH_FLOW");
        Assert.Contains(SettingKeys.All, k => k.GitConfigKey == "credential.azreposClientId" && k.EnvironmentVariable == "GIT_ENTRA_CLIENT_ID");
        Assert.Contains(SettingKeys.All, k => k.GitConfigKey == "credential.interactive" && k.EnvironmentVariable == "GCM_INTERACTIVE");
    }
    [Theory]
    [InlineData(null, false)]
    [InlineData("oauth", false)]
    [InlineData("PAT", true)]
    [InlineData(" pat ", true)]
    public void Gcms_credential_type_is_accepted_and_pat_is_noted(string? value, bool pat) =>
        Assert.Equal(pat, UserSignInSettings.ParseCredentialType(value, "git config credential.azreposCredentialType"));

    [Fact]
    public void An_unknown_credential_type_is_one_line_naming_the_source()
    {
        var e = Assert.Throws<GitEntraHelper.Diagnostics.HelperException>(() => UserSignInSettings.ParseCredentialType("token", "environment variable GCM_AZREPOS_CREDENTIALTYPE"));

        Assert.Equal("environment variable GCM_AZREPOS_CREDENTIALTYPE has an unknown value 'token': use oauth (or GCM's pat, which answers with an Entra token too)", e.Message);
    }

    [Fact]
    public void Pat_says_once_in_the_trace_that_an_entra_token_answers()
    {
        var writer = new StringWriter();
        using var trace = GitEntraHelper.Diagnostics.HelperTrace.To(writer);
        var environment = new DictionaryEnvironmentVariables { [GitEntraHelper.Platform.Variables.GcmCredentialType] = "pat" };
        var services = new GitEntraHelper.Identity.IdentityServices
        {
            Environment = environment,
            Trace = trace,
            Paths = new GitEntraHelper.Platform.HelperPaths(Path.GetTempPath(), Path.GetTempPath()),
            Terminal = new RecordingTerminal(),
            Commands = NSubstitute.Substitute.For<GitEntraHelper.Platform.ICommandRunner>(),
        };

        UserSignIn.CreateSource(services, HelperSettings.FromValues(environment, new Dictionary<string, string>()), "contoso");

        string line = Assert.Single(writer.ToString().Split('\n'), l => l.Contains("GCM_AZREPOS_CREDENTIALTYPE", StringComparison.Ordinal));
        Assert.Contains("is pat: git-credential-entra creates no PATs and answers with an Entra ID token", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Gcm_migration_keys_are_in_the_help_catalogue()
    {
        Assert.Contains(SettingKeys.All, k => k.GitConfigKey == "credential.msauthUseBroker" && k.EnvironmentVariable == "GCM_MSAUTH_USEBROKER");
        Assert.Contains(SettingKeys.All, k => k.GitConfigKey == "credential.azreposCredentialType" && k.EnvironmentVariable == "GCM_AZREPOS_CREDENTIALTYPE");
        Assert.Contains(SettingKeys.All, k => k.GitConfigKey == "credential.entraBrokerRedirectUri" && k.EnvironmentVariable == "GIT_ENTRA_BROKER_REDIRECT_URI");
    }
}
