using GitEntraHelper.Diagnostics;
using GitEntraHelper.Identity;
using GitEntraHelper.Identity.Workload;
using GitEntraHelper.Platform;
using GitEntraHelper.Settings;
using NSubstitute;
using static GitEntraHelper.Tests.Identity.Workload.WorkloadTestData;

namespace GitEntraHelper.Tests.Identity.Workload;

/// <summary>
/// GCM's credential.azreposWorkloadFederation* / GCM_AZREPOS_WIF_* keys (docs/configuration.md,
/// environment.md) mapped onto our federated ways, with the real MSAL exchanging each assertion at a fake Entra.
/// </summary>
public sealed class GcmWorkloadFederationTests : IDisposable
{
    private const string App = "0d0d0d0d-0000-4000-8000-00000000000d";
    private readonly string _dir = Directory.CreateTempSubdirectory("gcm-wif-tests-").FullName;
    private readonly DictionaryEnvironmentVariables _env = new();
    private readonly Dictionary<string, string> _config = [];
    private FakeHttp _http = new(r => FakeHttp.Token("at"));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private TokenSourceChoice? Choose() =>
        WorkloadSources.Choose(HelperSettings.FromValues(_env, _config), () => Environment(_http), () => Substitute.For<ICommandRunner>());

    [Fact]
    public async Task Generic_with_an_inline_assertion_exchanges_it_for_the_app()
    {
        string assertion = FakeHttp.Jwt("https://issuer.example", "repo:contoso/app");
        _config["credential.azreposworkloadfederation"] = "generic";
        _config["credential.azreposworkloadfederationclientid"] = App;
        _config["credential.azreposworkloadfederationtenantid"] = Tenant;
        _config["credential.azreposworkloadfederationassertion"] = assertion;

        TokenSourceChoice choice = Choose()!;
        AccessTokenResult token = await choice.Source.GetTokenAsync(Request(), default);

        Assert.Equal(("workload-federation", "git config credential.azreposWorkloadFederation is generic"), (choice.Source.Name, choice.Reason));
        Assert.Equal("at", token.Token.Reveal());
        var form = Assert.Single(_http.TokenRequests).Form();
        Assert.Equal((App, assertion, "client_credentials"), (form["client_id"], form["client_assertion"], form["grant_type"]));
        Assert.Contains($"/{Tenant}/", Assert.Single(_http.TokenRequests).Uri.AbsolutePath, StringComparison.Ordinal);
        Assert.DoesNotContain(assertion, choice.Reason + token.Identity, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generic_with_file_uri_reads_the_file_for_every_grant()
    {
        string file = Path.Combine(_dir, "assertion.jwt");
        string first = FakeHttp.Jwt("https://issuer.example", "a");
        string rotated = FakeHttp.Jwt("https://issuer.example", "b");
        _env[Variables.GcmWorkloadFederation] = "GENERIC";
        _env[Variables.GcmWorkloadFederationClientId] = App;
        _env[Variables.GcmWorkloadFederationAssertion] = new Uri(file).AbsoluteUri; // file:///…
        File.WriteAllText(file, first + "\n");

        ITokenSource source = Choose()!.Source;
        await source.GetTokenAsync(Request(), default);
        File.WriteAllText(file, rotated);
        await source.GetTokenAsync(Request(refused: "at"), default);

        Assert.Equal([first, rotated], _http.TokenRequests.Select(r => r.Form()["client_assertion"]));
        Assert.Equal("environment variable GCM_AZREPOS_WIF is generic with an assertion file", Choose()!.Reason);
    }

    [Fact]
    public async Task A_missing_assertion_file_is_one_line_naming_the_key()
    {
        _config["credential.azreposworkloadfederation"] = "generic";
        _config["credential.azreposworkloadfederationclientid"] = App;
        _config["credential.azreposworkloadfederationassertion"] = "file://" + Path.Combine(_dir, "nope");

        var e = await Assert.ThrowsAsync<HelperException>(() => Choose()!.Source.GetTokenAsync(Request(), default));

        Assert.Contains("credential.azreposWorkloadFederationAssertion", e.Message, StringComparison.Ordinal);
        Assert.Empty(_http.TokenRequests);
    }

    [Fact]
    public async Task GitHub_actions_asks_the_jobs_oidc_endpoint_for_the_configured_audience()
    {
        _http = new FakeHttp(r => r.Uri.Host == "actions.example"
            ? FakeHttp.Json($$"""{"value":"{{FakeHttp.Jwt("https://token.actions.githubusercontent.com", "repo:c/a")}}"}""")
            : FakeHttp.Token("at"));
        _env[Variables.GitHubOidcRequestUrl] = "https://actions.example/oidc?api-version=2";
        _env[Variables.GitHubOidcRequestToken] = "job-token";
        _config["credential.azreposworkloadfederation"] = "githubactions";
        _config["credential.azreposworkloadfederationclientid"] = App;
        _config["credential.azreposworkloadfederationaudience"] = "api://custom";

        await Choose()!.Source.GetTokenAsync(Request(), default);

        Assert.Contains("audience=api%3A%2F%2Fcustom", Assert.Single(_http.Requests, r => r.Uri.Host == "actions.example").Uri.Query, StringComparison.Ordinal);
        Assert.Equal(App, Assert.Single(_http.TokenRequests).Form()["client_id"]);
    }

    [Theory]
    [InlineData("generic", null, "credential.azreposWorkloadFederationClientId is not set")]
    [InlineData("generic", App, "credential.azreposWorkloadFederationAssertion is not set")]
    [InlineData("mi", App, "credential.azreposWorkloadFederationManagedIdentity is not set")]
    [InlineData("github", App, "ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set")]
    [InlineData("kubernetes", App, "use generic, managedidentity or githubactions")]
    public void An_incomplete_configuration_is_one_line_naming_what_is_missing(string scenario, string? clientId, string missing)
    {
        _config["credential.azreposworkloadfederation"] = scenario;
        if (clientId is not null)
        {
            _config["credential.azreposworkloadfederationclientid"] = clientId;
        }

        var e = Assert.Throws<HelperException>(() => Choose());

        Assert.Contains(missing, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Order_as_gcm_managed_identity_then_federation_then_service_principal()
    {
        _config["credential.azreposworkloadfederation"] = "generic";
        _config["credential.azreposworkloadfederationclientid"] = App;
        _config["credential.azreposworkloadfederationassertion"] = "x.y.z";
        _config["credential.azreposserviceprincipal"] = $"{Tenant}/{App}";
        _config["credential.azreposserviceprincipalsecret"] = "s";
        Assert.Equal("workload-federation", Choose()!.Source.Name);

        _config["credential.azreposmanagedidentity"] = "system";
        Assert.Equal("managed-identity", Choose()!.Source.Name);
    }

    [Fact]
    public void Keys_are_catalogued_with_gcms_names_and_protected()
    {
        (string Key, string Variable)[] gcm =
        [
            ("credential.azreposWorkloadFederation", "GCM_AZREPOS_WIF"),
            ("credential.azreposWorkloadFederationClientId", "GCM_AZREPOS_WIF_CLIENTID"),
            ("credential.azreposWorkloadFederationTenantId", "GCM_AZREPOS_WIF_TENANTID"),
            ("credential.azreposWorkloadFederationAudience", "GCM_AZREPOS_WIF_AUDIENCE"),
            ("credential.azreposWorkloadFederationAssertion", "GCM_AZREPOS_WIF_ASSERTION"),
            ("credential.azreposWorkloadFederationManagedIdentity", "GCM_AZREPOS_WIF_MANAGEDIDENTITY"),
        ];
        foreach ((string key, string variable) in gcm)
        {
            Assert.Contains(SettingKeys.All, k => k.GitConfigKey == key && k.EnvironmentVariable == variable && k.Protected);
        }

        Assert.True(SettingKeys.WorkloadFederationAssertion.IsSecret);
    }
}

/// <summary>MSAL finds the managed identity endpoint in the process environment: this test owns it.</summary>
[Collection("process environment")]
public sealed class GcmWorkloadFederationManagedIdentityTests : IDisposable
{
    private const string App = "0d0d0d0d-0000-4000-8000-00000000000d";

    public GcmWorkloadFederationManagedIdentityTests()
    {
        System.Environment.SetEnvironmentVariable("IDENTITY_ENDPOINT", "https://msi.example.test/msi/token");
        System.Environment.SetEnvironmentVariable("IDENTITY_HEADER", "header-secret");
    }

    public void Dispose()
    {
        System.Environment.SetEnvironmentVariable("IDENTITY_ENDPOINT", null);
        System.Environment.SetEnvironmentVariable("IDENTITY_HEADER", null);
    }

    [Fact]
    public async Task Managed_identity_gives_the_assertion_for_the_audience()
    {
        var http = new FakeHttp(r => r.Uri.AbsolutePath.StartsWith("/msi/", StringComparison.Ordinal)
            ? FakeHttp.Json($$"""{"access_token":"{{FakeHttp.Jwt("https://login.example/mi", "mi-object")}}","expires_on":"4102444800","resource":"api://AzureADTokenExchange","token_type":"Bearer"}""")
            : FakeHttp.Token("at"));
        var config = new Dictionary<string, string>
        {
            ["credential.azreposworkloadfederation"] = "managedidentity",
            ["credential.azreposworkloadfederationclientid"] = App,
            ["credential.azreposworkloadfederationmanagedidentity"] = "system",
        };

        TokenSourceChoice choice = WorkloadSources.Choose(HelperSettings.FromValues(new DictionaryEnvironmentVariables(), config),
            () => Environment(http), () => Substitute.For<ICommandRunner>())!;
        await choice.Source.GetTokenAsync(Request(), default);

        SeenRequest mi = Assert.Single(http.Requests, r => r.Uri.AbsolutePath.StartsWith("/msi/", StringComparison.Ordinal));
        Assert.Contains("resource=api://AzureADTokenExchange", Uri.UnescapeDataString(mi.Uri.Query), StringComparison.Ordinal);
        Assert.Equal(FakeHttp.Jwt("https://login.example/mi", "mi-object"), Assert.Single(http.TokenRequests).Form()["client_assertion"]);
        Assert.Contains("with the managed identity (system-assigned)", choice.Reason, StringComparison.Ordinal);
    }
}
