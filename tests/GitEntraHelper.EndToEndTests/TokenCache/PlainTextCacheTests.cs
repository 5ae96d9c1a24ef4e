using GitEntraHelper.EndToEndTests.Infrastructure;

namespace GitEntraHelper.EndToEndTests.TokenCache;

/// <summary>The opted-in plain-text cache: where it is, its modes, the trace, and damaged files.</summary>
[SupportedOSPlatform("linux")]
public sealed class PlainTextCacheTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [OsFact(TestOs.Linux, "checks gnome-keyring stays empty and POSIX file modes")]
    public void Opted_in_plain_text_is_one_0600_file_in_a_0700_folder_and_the_trace_says_so()
    {
        using var keyring = TestPlatform.StartGnomeKeyring();
        using var scenario = new CacheScenario(emulator, keyring, plainText: true);
        Assert.True(scenario.Clone().ExitCode == 0);
        scenario.Sandbox.Environment["GIT_ENTRA_TRACE"] = "1";

        var get = scenario.Sandbox.Helper(scenario.Request, "get");

        Assert.True(get.ExitCode == 0, get.ToString());
        var token = CacheScenario.PasswordOf(get);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(scenario.PlainTextCacheFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(scenario.TokenCacheDirectory));
        Assert.Equal([scenario.PlainTextCacheFile], scenario.Sandbox.FilesContaining(token));
        Assert.Contains(get.StdErr.Split('\n'), l => l.Contains("PLAIN TEXT", StringComparison.Ordinal)
            && l.Contains("GIT_ENTRA_CACHE_PROTECTION", StringComparison.Ordinal));
        Assert.Null(CacheScenario.KeyringCacheJson(keyring)); // opted out of the keyring entirely
    }

    [OsFact(TestOs.Linux, "checks gnome-keyring stays empty and POSIX file modes")]
    public async Task A_damaged_cache_file_is_kept_aside_traced_and_the_user_signs_in_again()
    {
        using var scenario = new CacheScenario(emulator, keyring: null, plainText: true);
        Assert.True(scenario.Clone().ExitCode == 0);
        var good = await File.ReadAllBytesAsync(scenario.PlainTextCacheFile);
        var damaged = good[..(good.Length / 3)];
        await File.WriteAllBytesAsync(scenario.PlainTextCacheFile, damaged);
        var signInsBefore = await emulator.StatAsync("signIns");
        scenario.Sandbox.Environment["GIT_ENTRA_TRACE"] = "1";

        var fetch = scenario.Sandbox.Git("-C", "demo", "fetch");

        Assert.True(fetch.ExitCode == 0, fetch.ToString());
        var aside = Assert.Single(Directory.GetFiles(scenario.TokenCacheDirectory, "user.msalcache.json-corrupt-*"));
        Assert.Equal(damaged, await File.ReadAllBytesAsync(aside));
        Assert.Contains(fetch.StdErr.Split('\n'), l => l.Contains("is unreadable", StringComparison.Ordinal)
            && l.Contains(aside, StringComparison.Ordinal) && l.Contains("sign in again", StringComparison.Ordinal));
        Assert.Equal(signInsBefore + 1, await emulator.StatAsync("signIns"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(scenario.PlainTextCacheFile));
    }
}
