using GitEntraHelper.Diagnostics;
using GitEntraHelper.Platform;
using GitEntraHelper.Settings;

namespace GitEntraHelper.Tests.TokenCache;

public sealed class CacheSettingsTests
{
    private static readonly HelperPaths Paths = new("/state/git-credential-entra", "/cache/git-credential-entra");

    private static CacheSettings Build(Dictionary<string, string>? environment = null, Dictionary<string, string>? gitConfig = null) =>
        TestCacheSettings.Settings(environment, gitConfig).Cache(Paths);

    [Fact]
    public void Defaults_to_operating_system_protection_under_the_state_directory()
    {
        var settings = Build();
        Assert.Equal(CacheProtection.OperatingSystem, settings.Protection);
        Assert.Equal(Path.Combine(Paths.StateDirectory, "token-cache"), settings.Directory);
        Assert.Equal(CacheSettings.DefaultLockTimeout, settings.LockTimeout);
    }

    [Fact]
    public void Plain_text_only_when_asked_and_the_environment_wins_over_git_config()
    {
        var fromConfig = Build(gitConfig: new() { ["credential.entraCacheProtection"] = "plaintext" });
        Assert.Equal(CacheProtection.PlainText, fromConfig.Protection);
        Assert.Contains("credential.entraCacheProtection", fromConfig.ProtectionOrigin);

        var envWins = Build(new() { ["GIT_ENTRA_CACHE_PROTECTION"] = "os" }, new() { ["credential.entraCacheProtection"] = "plaintext" });
        Assert.Equal(CacheProtection.OperatingSystem, envWins.Protection);
        Assert.Contains("GIT_ENTRA_CACHE_PROTECTION", envWins.ProtectionOrigin);
    }

    [Fact]
    public void An_unknown_protection_fails_with_one_line_naming_the_source_and_the_choices()
    {
        var e = Assert.Throws<HelperException>(() => Build(new() { ["GIT_ENTRA_CACHE_PROTECTION"] = "rot13" }));
        Assert.Contains("GIT_ENTRA_CACHE_PROTECTION", e.Message);
        Assert.Contains("'plaintext'", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("ten")]
    [InlineData("99999")]
    public void A_bad_lock_time_out_fails_with_one_line(string value)
    {
        var e = Assert.Throws<HelperException>(() => Build(gitConfig: new() { ["credential.entraLockTimeout"] = value }));
        Assert.Contains("credential.entraLockTimeout", e.Message);
    }

    [Fact]
    public void Lock_time_out_is_read_in_seconds()
    {
        Assert.Equal(TimeSpan.FromSeconds(42), Build(new() { ["GIT_ENTRA_LOCK_TIMEOUT"] = "42" }, new() { ["credential.entraLockTimeout"] = "7" }).LockTimeout);
        Assert.Equal(TimeSpan.FromSeconds(7), Build(gitConfig: new() { ["credential.entraLockTimeout"] = "7" }).LockTimeout);
    }

    [Fact]
    public void Both_keys_are_in_the_help_catalogue()
    {
        Assert.Contains(SettingKeys.All, k => k.GitConfigKey == "credential.entraCacheProtection" && k.EnvironmentVariable == "GIT_ENTRA_CACHE_PROTECTION");
        Assert.Contains(SettingKeys.All, k => k.GitConfigKey == "credential.entraLockTimeout" && k.EnvironmentVariable == "GIT_ENTRA_LOCK_TIMEOUT");
    }
}
