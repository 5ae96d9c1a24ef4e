using GitEntraHelper.Diagnostics;
using GitEntraHelper.Settings;
using GitEntraHelper.TokenCache;

namespace GitEntraHelper.Tests.TokenCache;

public sealed class CacheSettingsTests
{
    [Fact]
    public void Defaults_to_operating_system_protection()
    {
        var settings = CacheSettings.From(null, null, null, null, "/d");
        Assert.Equal(CacheProtection.OperatingSystem, settings.Protection);
        Assert.Equal("default", settings.ProtectionOrigin);
        Assert.Equal(CacheSettings.DefaultLockTimeout, settings.LockTimeout);
    }

    [Fact]
    public void Plain_text_only_when_asked_and_the_environment_wins_over_git_config()
    {
        var fromConfig = CacheSettings.From(null, "plaintext", null, null, "/d");
        Assert.Equal(CacheProtection.PlainText, fromConfig.Protection);
        Assert.Equal(CacheSettings.ProtectionKey, fromConfig.ProtectionOrigin);

        var envWins = CacheSettings.From("os", "plaintext", null, null, "/d");
        Assert.Equal(CacheProtection.OperatingSystem, envWins.Protection);
        Assert.Equal(CacheSettings.ProtectionVariable, envWins.ProtectionOrigin);
    }

    [Fact]
    public void An_unknown_protection_fails_with_one_line_naming_the_key_and_the_choices()
    {
        var e = Assert.Throws<HelperException>(() => CacheSettings.From("rot13", null, null, null, "/d"));
        Assert.Contains(CacheSettings.ProtectionVariable, e.Message);
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
        var e = Assert.Throws<HelperException>(() => CacheSettings.From(null, null, null, value, "/d"));
        Assert.Contains(CacheSettings.LockTimeoutKey, e.Message);
    }

    [Fact]
    public void Lock_time_out_is_read_in_seconds()
    {
        Assert.Equal(TimeSpan.FromSeconds(42), CacheSettings.From(null, null, "42", "7", "/d").LockTimeout);
        Assert.Equal(TimeSpan.FromSeconds(7), CacheSettings.From(null, null, null, "7", "/d").LockTimeout);
    }
}
