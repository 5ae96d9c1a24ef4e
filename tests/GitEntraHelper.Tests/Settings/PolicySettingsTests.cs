using GitEntraHelper.AzureDevOps;
using GitEntraHelper.Diagnostics;
using GitEntraHelper.Platform;
using GitEntraHelper.Settings;

namespace GitEntraHelper.Tests.Settings;

public sealed class PolicySettingsTests
{
    private const string Contoso = "0b7a3c1e-8f2d-4e6a-9c5b-1d2e3f4a5b6c";
    private const string Other = "9f8e7d6c-5b4a-4321-8765-0fedcba98765";

    [Fact]
    public void Without_the_key_every_tenant_is_allowed()
    {
        var policy = TenantPolicy.For(Settings(new Dictionary<string, string>()));

        Assert.False(policy.Restricts);
        policy.EnsureAllowed(Target(Other));
        policy.EnsureAllowed(Target(null));
    }

    [Fact]
    public void Listed_tenants_pass_and_others_are_refused_naming_the_policy()
    {
        var policy = TenantPolicy.For(Settings(new() { ["credential.entraallowedtenants"] = $"{Contoso.ToUpperInvariant()}, {Other}" }));
        policy.EnsureAllowed(Target(Contoso));
        policy.EnsureAllowed(Target(Other));

        var narrow = TenantPolicy.For(Settings(new() { ["credential.entraallowedtenants"] = Contoso }));
        var refused = Assert.Throws<HelperException>(() => narrow.EnsureAllowed(Target(Other)));
        Assert.Contains(Other, refused.Message, StringComparison.Ordinal);
        Assert.Contains("credential.entraAllowedTenants", refused.Message, StringComparison.Ordinal);

        var unknown = Assert.Throws<HelperException>(() => narrow.EnsureAllowed(Target(null)));
        Assert.Contains("unknown", unknown.Message, StringComparison.Ordinal);
        Assert.Throws<HelperException>(() => narrow.EnsureAllowed(Target("organizations")));
    }

    [Fact]
    public void An_environment_variable_cannot_widen_the_policy()
    {
        Assert.Null(SettingKeys.AllowedTenants.EnvironmentVariable);
        Assert.Contains(SettingKeys.All, k => k.GitConfigKey == PolicySettings.AllowedTenantsKey);
    }

    [Fact]
    public void Every_policy_key_the_deployment_guide_names_is_a_real_setting()
    {
        foreach (var (key, _) in PolicySettings.SystemScopeKeys)
        {
            Assert.Contains(SettingKeys.All, k => string.Equals(k.GitConfigKey, key, StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("contoso.onmicrosoft.com")]
    [InlineData(" , ")]
    [InlineData("not-a-guid")]
    [InlineData("00000000-0000-+000-0000-000000000000")] // fuzz/ tenant-header: a sign inside a group is not a tenant id
    [InlineData("\r")] // fuzz/ tenant-header: a line break separates ids, so nothing is listed
    public void Values_that_are_not_tenant_ids_are_one_clear_error(string value)
    {
        var error = Assert.Throws<HelperException>(() => { _ = TenantPolicy.For(Settings(new() { ["credential.entraallowedtenants"] = value })); });
        Assert.Contains("credential.entraAllowedTenants", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\r', error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Line_breaks_in_the_value_separate_tenant_ids() // fuzz/ tenant-header: a CR used to end up inside the error line
    {
        var policy = TenantPolicy.Parse($"{Contoso}\r\n{Other}\r");

        Assert.Equal([Guid.Parse(Contoso), Guid.Parse(Other)], policy.AllowedTenants);
        Assert.False(policy.Allows("00000000-0000-+000-0000-000000000000"));
    }

    private static HelperSettings Settings(Dictionary<string, string> gitConfig) =>
        HelperSettings.FromValues(new DictionaryEnvironmentVariables(), gitConfig);

    private static AzureDevOpsTarget Target(string? tenant) =>
        new(new Uri("https://dev.azure.com/contoso"), "contoso", tenant, tenant is null ? TenantSource.Unknown : TenantSource.Probe);
}
