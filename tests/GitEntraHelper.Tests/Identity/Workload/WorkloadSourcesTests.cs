using GitEntraHelper.Diagnostics;
using GitEntraHelper.Identity;
using GitEntraHelper.Identity.Workload;
using GitEntraHelper.Platform;
using GitEntraHelper.Settings;
using NSubstitute;

namespace GitEntraHelper.Tests.Identity.Workload;

public class WorkloadSourcesTests
{
    private const string Client = "0c0c0c0c-0000-4000-8000-00000000000c";

    private readonly DictionaryEnvironmentVariables _env = new();
    private readonly Dictionary<string, string> _config = [];
    private int _environmentsBuilt;

    private TokenSourceChoice? Choose() =>
        WorkloadSources.Choose(HelperSettings.FromValues(_env, _config),
            () => { _environmentsBuilt++; return WorkloadTestData.Environment(new FakeHttp(_ => null)); },
            () => Substitute.For<ICommandRunner>());

    [Fact]
    public void Nothing_configured_or_proven_leaves_it_to_the_user_and_builds_nothing()
    {
        _env["AZURE_CLIENT_ID"] = Client; // alone it proves nothing: no managed identity endpoint, no credential
        Assert.Null(Choose());
        Assert.Equal(0, _environmentsBuilt);
    }

    [Theory]
    [InlineData("AZURE_CLIENT_SECRET", "s", "service-principal-secret", "AZURE_CLIENT_ID and AZURE_CLIENT_SECRET")]
    [InlineData("AZURE_CLIENT_CERTIFICATE_PATH", "/x.pem", "service-principal-certificate", "AZURE_CLIENT_CERTIFICATE_PATH")]
    [InlineData("AZURE_FEDERATED_TOKEN_FILE", "/var/run/token", "federated-token-file", "AZURE_FEDERATED_TOKEN_FILE")]
    public void Azure_SDK_variables_prove_a_workload(string variable, string value, string way, string reason)
    {
        _env["AZURE_CLIENT_ID"] = Client;
        _env[variable] = value;
        var choice = Choose()!;
        Assert.Equal(way, choice.Source.Name);
        Assert.Contains(reason, choice.Reason);
    }

    [Fact]
    public void Managed_identity_needs_an_endpoint_variable_and_uses_AZURE_CLIENT_ID_as_user_assigned()
    {
        _env["IDENTITY_ENDPOINT"] = "https://127.0.0.1:1/msi/token";
        _env["IDENTITY_HEADER"] = "h";
        Assert.Equal("managed-identity", Choose()!.Source.Name);
        Assert.Contains("IDENTITY_ENDPOINT and IDENTITY_HEADER", Choose()!.Reason);

        _env["AZURE_CLIENT_ID"] = "0b0b0b0b-0000-4000-8000-000000000001";
        Assert.Equal("managed-identity", Choose()!.Source.Name);
        Assert.Contains("App Service endpoint https://127.0.0.1:1", WorkloadSources.ManagedIdentityPlatform(HelperSettings.FromValues(_env, _config)));
    }

    [Fact]
    public void Azure_Pipelines_needs_uri_system_token_connection_and_client()
    {
        _env["SYSTEM_OIDCREQUESTURI"] = "https://p/oidc";
        _env["SYSTEM_ACCESSTOKEN"] = "t";
        _env["AZURESUBSCRIPTION_CLIENT_ID"] = Client;
        Assert.Null(Choose());
        _env["AZURESUBSCRIPTION_SERVICE_CONNECTION_ID"] = "sc";
        Assert.Equal("azure-pipelines", Choose()!.Source.Name);
    }

    [Fact]
    public void Connection_id_may_come_from_git_config()
    {
        _env["SYSTEM_OIDCREQUESTURI"] = "https://p/oidc";
        _env["SYSTEM_ACCESSTOKEN"] = "t";
        _env["AZURE_CLIENT_ID"] = Client;
        _config["credential.entraserviceconnectionid"] = "sc";
        var choice = Choose()!;
        Assert.Equal("azure-pipelines", choice.Source.Name);
        Assert.Contains("git config credential.entraServiceConnectionId", choice.Reason);
    }

    [Fact]
    public void GitHub_Actions_needs_url_token_and_client()
    {
        _env["ACTIONS_ID_TOKEN_REQUEST_URL"] = "https://gh/token";
        _env["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] = "t";
        Assert.Null(Choose());
        _env["AZURE_CLIENT_ID"] = Client;
        Assert.Equal("github-actions", Choose()!.Source.Name);
    }

    [Fact]
    public void Explicit_configuration_wins_over_the_environment()
    {
        _env["AZURE_CLIENT_ID"] = "0e0e0e0e-0000-4000-8000-00000000000e";
        _env["AZURE_CLIENT_SECRET"] = "env-secret";
        _config["credential.azreposserviceprincipal"] = "tenant-1/0f0f0f0f-0000-4000-8000-00000000000f";
        _config["credential.azreposserviceprincipalsecret"] = "config-secret";
        var sp = Choose()!;
        Assert.Equal("service-principal-secret", sp.Source.Name);
        Assert.Contains("git config credential.azreposServicePrincipal", sp.Reason);
        Assert.Equal("app-0f0f0f0f-0000-4000-8000-00000000000f", ((ICachePartitioned)sp.Source).CachePartition);

        _env["GCM_AZREPOS_MANAGEDIDENTITY"] = "system";
        var mi = Choose()!;
        Assert.Equal("managed-identity", mi.Source.Name);
        Assert.Contains("GCM_AZREPOS_MANAGEDIDENTITY", mi.Reason);
    }

    [Theory]
    [InlineData("AZURE_CLIENT_SECRET")]
    [InlineData("AZURE_FEDERATED_TOKEN_FILE")]
    [InlineData("ACTIONS_ID_TOKEN_REQUEST_URL")]
    public void A_client_id_that_is_not_a_GUID_is_one_line_naming_the_variable(string proof)
    {
        _env["AZURE_CLIENT_ID"] = "my-app";
        _env[proof] = "x";
        _env["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] = "t";

        var e = Assert.Throws<HelperException>(Choose);

        Assert.Equal("environment variable AZURE_CLIENT_ID is 'my-app': expected an application (client) id, a GUID such as 11111111-2222-3333-4444-555555555555", e.Message);
    }

    [Fact]
    public void Configured_service_principal_needs_tenant_slash_client_and_a_credential()
    {
        _config["credential.azreposserviceprincipal"] = "just-a-client";
        Assert.Contains("TENANT-ID/CLIENT-ID", Assert.Throws<HelperException>(Choose).Message);
        _config["credential.azreposserviceprincipal"] = "t/not-a-guid";
        Assert.Contains("application (client) id GUID", Assert.Throws<HelperException>(Choose).Message);
        _config["credential.azreposserviceprincipal"] = "t/" + Client;
        Assert.Contains("no credential", Assert.Throws<HelperException>(Choose).Message);
        _config["credential.entraserviceprincipalcertificatepath"] = "/sp.pfx";
        Assert.Equal("service-principal-certificate", Choose()!.Source.Name);
    }

    [Fact]
    public void EntraIdentity_user_skips_workloads_and_a_named_way_must_be_available()
    {
        _env["AZURE_CLIENT_ID"] = Client;
        _env["AZURE_CLIENT_SECRET"] = "s";
        _config["credential.entraidentity"] = "user";
        Assert.Null(Choose());

        _config["credential.entraidentity"] = "github-actions";
        var e = Assert.Throws<HelperException>(Choose);
        Assert.Contains("ACTIONS_ID_TOKEN_REQUEST_URL", e.Message);

        _config["credential.entraidentity"] = "azure-pipelines";
        Assert.Contains("SYSTEM_OIDCREQUESTURI", Assert.Throws<HelperException>(Choose).Message);

        _config["credential.entraidentity"] = "bogus";
        Assert.Contains("credential.entraIdentity", Assert.Throws<HelperException>(Choose).Message);
    }

    [Fact]
    public void Explicit_managed_identity_may_use_IMDS_but_only_then()
    {
        Assert.Null(Choose());
        _config["credential.entraidentity"] = "managed-identity";
        var choice = Choose()!;
        Assert.Equal("managed-identity", choice.Source.Name);
    }

    [Fact]
    public void Azure_CLI_is_opt_in_and_after_the_environment()
    {
        Assert.Null(Choose());
        _config["credential.entraazurecli"] = "true";
        Assert.Equal("azure-cli", Choose()!.Source.Name);
        _env["AZURE_CLIENT_ID"] = Client;
        _env["AZURE_FEDERATED_TOKEN_FILE"] = "/t";
        Assert.Equal("federated-token-file", Choose()!.Source.Name);
    }
}
