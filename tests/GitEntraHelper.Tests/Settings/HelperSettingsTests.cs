using GitEntraHelper.Diagnostics;
using GitEntraHelper.Platform;
using GitEntraHelper.Settings;
using GitEntraHelper.Settings.GitConfig;
using NSubstitute;

namespace GitEntraHelper.Tests.Settings;

public sealed class HelperSettingsTests
{
    private static readonly SettingKey Both = new("credential.entraTenantId", "GIT_ENTRA_TENANT_ID", null, "test");
    private static readonly SettingKey WithDefault = new("credential.useHttpPath", null, "false", "test");

    [Fact]
    public void Environment_wins_over_git_config()
    {
        var env = new DictionaryEnvironmentVariables { ["GIT_ENTRA_TENANT_ID"] = "from-env" };
        var settings = HelperSettings.FromValues(env, Config(("credential.entratenantid", "from-config")));

        Assert.Equal("from-env", settings.GetString(Both));
        Assert.Equal("environment variable GIT_ENTRA_TENANT_ID", settings.DescribeSource(Both));
    }

    [Fact]
    public void Git_config_wins_over_default_and_key_case_does_not_matter()
    {
        var settings = HelperSettings.FromValues(new DictionaryEnvironmentVariables(), Config(("credential.usehttppath", "true")));

        Assert.True(settings.GetBool(WithDefault));
        Assert.Equal("git config credential.useHttpPath", settings.DescribeSource(WithDefault));
    }

    [Fact]
    public void Empty_environment_value_counts_as_unset()
    {
        var env = new DictionaryEnvironmentVariables { ["GIT_ENTRA_TENANT_ID"] = "" };
        var settings = HelperSettings.FromValues(env, Config(("credential.entratenantid", "from-config")));

        Assert.Equal("from-config", settings.GetString(Both));
    }

    [Fact]
    public void Default_applies_when_nothing_is_set()
    {
        var settings = HelperSettings.FromValues(new DictionaryEnvironmentVariables(), Config());

        Assert.False(settings.GetBool(WithDefault, fallback: true));
        Assert.Equal("default", settings.DescribeSource(WithDefault));
        Assert.Null(settings.GetString(Both));
        Assert.Equal("unset", settings.DescribeSource(Both));
    }

    [Fact]
    public void Git_config_is_read_once_and_only_when_needed()
    {
        var reader = Substitute.For<IGitConfigReader>();
        reader.ReadCredentialSection("https://dev.azure.com/contoso").Returns(Config(("credential.entratenantid", "x")));
        var env = new DictionaryEnvironmentVariables { ["GIT_ENTRA_TENANT_ID"] = "env" };
        var settings = HelperSettings.ForUrl(env, reader, "https://dev.azure.com/contoso");

        Assert.Equal("env", settings.GetString(Both));
        Assert.False(settings.GitConfigLoaded);
        reader.DidNotReceiveWithAnyArgs().ReadCredentialSection(default!);

        env["GIT_ENTRA_TENANT_ID"] = null;
        Assert.Equal("x", settings.GetString(Both));
        Assert.Equal("false", settings.GetString(WithDefault));
        Assert.True(settings.GitConfigLoaded);
        reader.Received(1).ReadCredentialSection("https://dev.azure.com/contoso");
    }

    [Fact]
    public void Invalid_boolean_is_one_line_naming_the_key()
    {
        var settings = HelperSettings.FromValues(new DictionaryEnvironmentVariables(), Config(("credential.usehttppath", "maybe")));

        var e = Assert.Throws<HelperException>(() => settings.GetBool(WithDefault));
        Assert.Contains("credential.useHttpPath", e.Message, StringComparison.Ordinal);
        Assert.Contains("maybe", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Secret_settings_are_redacted()
    {
        var key = new SettingKey(null, "SOME_SECRET", null, "test", IsSecret: true);
        var settings = HelperSettings.FromValues(new DictionaryEnvironmentVariables { ["SOME_SECRET"] = "hunter2" }, Config());

        Secret? secret = settings.GetSecret(key);
        Assert.Equal("***", secret.ToString());
        Assert.Equal("hunter2", secret!.Value.Reveal());
    }

    [Theory]
    [InlineData("azure-devops", true)]
    [InlineData("Azure-Repos", true)]
    [InlineData("generic", false)]
    public void Declared_provider(string value, bool expected)
    {
        var settings = HelperSettings.FromValues(new DictionaryEnvironmentVariables(), Config(("credential.provider", value)));
        Assert.Equal(expected, settings.IsDeclaredAzureDevOps);
    }

    [Fact]
    public void Authority_host_defaults_to_public_cloud_and_gets_a_trailing_slash()
    {
        var none = HelperSettings.FromValues(new DictionaryEnvironmentVariables(), Config());
        Assert.Equal(new Uri("https://login.microsoftonline.com/"), none.AuthorityHost);

        var custom = HelperSettings.FromValues(new DictionaryEnvironmentVariables { ["AZURE_AUTHORITY_HOST"] = "https://127.0.0.1:9443" }, Config());
        Assert.Equal("https://127.0.0.1:9443/", custom.AuthorityHost.ToString());

        var plain = HelperSettings.FromValues(new DictionaryEnvironmentVariables { ["AZURE_AUTHORITY_HOST"] = "http://login.example/" }, Config());
        Assert.Throws<HelperException>(() => plain.AuthorityHost);
    }

    [Fact]
    public void Catalogue_lists_core_keys_once()
    {
        var all = SettingKeys.All;
        Assert.Contains(all, k => k.EnvironmentVariable == "GIT_ENTRA_TRACE");
        Assert.Contains(all, k => k.GitConfigKey == "credential.provider");
        Assert.Contains(all, k => k.EnvironmentVariable == "AZURE_AUTHORITY_HOST");
        Assert.Equal(all.Count, all.Distinct().Count());
    }

    [Fact]
    public void Git_config_null_output_is_parsed()
    {
        var parsed = GitProcessConfigReader.Parse("credential.provider\nazure-devops\0credential.usehttppath\ntrue\0credential.flag\0");

        Assert.Equal("azure-devops", parsed["credential.provider"]);
        Assert.Equal("true", parsed["CREDENTIAL.USEHTTPPATH"]);
        Assert.Equal("true", parsed["credential.flag"]);
    }

    private static Dictionary<string, string> Config(params (string Key, string Value)[] values) =>
        values.ToDictionary(v => v.Key, v => v.Value, StringComparer.OrdinalIgnoreCase);
}
