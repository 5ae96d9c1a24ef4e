using GitEntraHelper.EndToEndTests.Infrastructure;

namespace GitEntraHelper.EndToEndTests.TokenCache;

/// <summary>
/// The token cache in a real gnome-keyring over a private D-Bus session, driven by the real git and
/// the published native helper against the emulator.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class SecretServiceCacheTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [OsFact(TestOs.Linux, "gnome-keyring's Secret Service")]
    public async Task The_signed_in_token_is_in_the_secret_service_and_in_no_file_under_home()
    {
        using var keyring = TestPlatform.StartGnomeKeyring();
        using var scenario = new CacheScenario(emulator, keyring);
        var signInsBefore = await emulator.StatAsync("signIns");

        var clone = scenario.Clone();
        Assert.True(clone.ExitCode == 0, clone.ToString());
        var token = scenario.GetToken();

        Assert.Equal(signInsBefore + 1, await emulator.StatAsync("signIns"));
        var json = CacheScenario.KeyringCacheJson(keyring);
        Assert.NotNull(json);
        Assert.Contains(token, json);
        var secrets = CacheScenario.SecretsIn(json!);
        Assert.True(secrets.Count >= 2, "an access and a refresh token are cached");
        foreach (var secret in secrets)
        {
            Assert.Empty(scenario.Sandbox.FilesContaining(secret));
            Assert.DoesNotContain(Directory.EnumerateFiles(keyring.KeyringsDirectory, "*", SearchOption.AllDirectories),
                f => File.ReadAllText(f).Contains(secret, StringComparison.Ordinal)); // gnome-keyring encrypts its files
        }

        Assert.Contains("schema = git-credential-entra.TokenCache", keyring.Search(("application", CacheScenario.Application)));
    }

    // Without a Secret Service (no bus, or nothing on it) the cache lives in the kernel keyring instead:
    // KernelKeyringCacheTests; where the kernel refuses keyrings too, one line says how to go on.

    [OsFact(TestOs.Linux, "gnome-keyring's Secret Service")]
    public async Task A_locked_keyring_is_reported_before_any_sign_in()
    {
        using var keyring = TestPlatform.StartGnomeKeyring();
        using var scenario = new CacheScenario(emulator, keyring);
        keyring.Lock();
        var signInsBefore = await emulator.StatAsync("signIns");

        var clone = scenario.Clone();

        Assert.NotEqual(0, clone.ExitCode);
        var line = Assert.Single(CacheScenario.HelperLines(clone));
        Assert.Contains("locked", line);
        Assert.Contains("unlock", clone.StdErr);
        Assert.Equal(signInsBefore, await emulator.StatAsync("signIns"));
    }

    [OsFact(TestOs.Linux, "gnome-keyring's Secret Service")]
    public async Task An_undecodable_keyring_entry_is_set_aside_traced_and_the_user_signs_in_again()
    {
        using var keyring = TestPlatform.StartGnomeKeyring();
        using var scenario = new CacheScenario(emulator, keyring);
        Assert.True(scenario.Clone().ExitCode == 0);
        const string damaged = "{\"AccessToken\":{\"cut-short";
        CacheScenario.StoreKeyringCache(keyring, damaged);
        var signInsBefore = await emulator.StatAsync("signIns");
        scenario.Sandbox.Environment["GIT_ENTRA_TRACE"] = "1";

        var fetch = scenario.Sandbox.Git("-C", "demo", "fetch");

        Assert.True(fetch.ExitCode == 0, fetch.ToString());
        Assert.Contains(fetch.StdErr.Split('\n'), l => l.Contains("is unreadable (MSAL cannot parse it", StringComparison.Ordinal)
            && l.Contains("set aside as keyring entry with partition=user-corrupt-", StringComparison.Ordinal));
        Assert.Equal(signInsBefore + 1, await emulator.StatAsync("signIns"));
        var search = keyring.Search(("application", CacheScenario.Application));
        var aside = search.Split('\n').Select(l => l.Trim())
            .Single(l => l.StartsWith("attribute.partition = user-corrupt-", StringComparison.Ordinal))["attribute.partition = ".Length..];
        Assert.Equal(damaged, CacheScenario.KeyringCacheJson(keyring, aside));
        Assert.NotEqual(damaged, CacheScenario.KeyringCacheJson(keyring)); // a fresh cache took its place
    }

    [OsFact(TestOs.Linux, "gnome-keyring's Secret Service")]
    public void A_keyring_entry_that_is_not_even_base64_is_kept_aside_as_it_was()
    {
        using var keyring = TestPlatform.StartGnomeKeyring();
        using var scenario = new CacheScenario(emulator, keyring);
        Assert.True(scenario.Clone().ExitCode == 0);
        const string tampered = "not base64 at all: written by something else";
        keyring.Store("tampered", tampered, ("application", CacheScenario.Application), ("partition", "user"),
            ("xdg:schema", "git-credential-entra.TokenCache"));
        scenario.Sandbox.Environment["GIT_ENTRA_TRACE"] = "1";

        var fetch = scenario.Sandbox.Git("-C", "demo", "fetch");

        Assert.True(fetch.ExitCode == 0, fetch.ToString());
        Assert.Contains(fetch.StdErr.Split('\n'), l => l.Contains("is unreadable (the keyring entry is not valid base64)", StringComparison.Ordinal));
        var aside = keyring.Search(("application", CacheScenario.Application)).Split('\n').Select(l => l.Trim())
            .Single(l => l.StartsWith("attribute.partition = user-corrupt-", StringComparison.Ordinal))["attribute.partition = ".Length..];
        Assert.Equal(tampered, CacheScenario.KeyringCacheJson(keyring, aside)); // kept as it was (stored base64-wrapped)
        Assert.NotNull(CacheScenario.SecretsIn(CacheScenario.KeyringCacheJson(keyring)!)); // a fresh, parsable cache replaced it
    }

    [OsFact(TestOs.Linux, "gnome-keyring's Secret Service")]
    public async Task Logout_of_the_organization_removes_its_account_s_tokens_from_the_keyring()
    {
        using var keyring = TestPlatform.StartGnomeKeyring();
        using var scenario = new CacheScenario(emulator, keyring);
        Assert.True(scenario.Clone().ExitCode == 0);
        var secrets = CacheScenario.SecretsIn(CacheScenario.KeyringCacheJson(keyring)!);

        var logout = scenario.Sandbox.Git("credential-entra", "logout", "contoso");

        Assert.True(logout.ExitCode == 0, logout.ToString());
        Assert.Contains($"signed out {emulator.User} from contoso", logout.StdOut);
        var after = CacheScenario.KeyringCacheJson(keyring)!;
        Assert.All(secrets, secret => Assert.DoesNotContain(secret, after));
        var signInsBefore = await emulator.StatAsync("signIns");
        Assert.True(scenario.Sandbox.Git("-C", "demo", "fetch").ExitCode == 0);
        Assert.Equal(signInsBefore + 1, await emulator.StatAsync("signIns"));
    }

    [OsFact(TestOs.Linux, "gnome-keyring's Secret Service")]
    public async Task Logout_all_removes_the_keyring_entry_and_the_next_operation_signs_in_again()
    {
        using var keyring = TestPlatform.StartGnomeKeyring();
        using var scenario = new CacheScenario(emulator, keyring);
        Assert.True(scenario.Clone().ExitCode == 0);
        Assert.NotNull(CacheScenario.KeyringCacheJson(keyring));

        var logout = scenario.Sandbox.Git("credential-entra", "logout", "--all");

        Assert.True(logout.ExitCode == 0, logout.ToString());
        Assert.Contains("removed cached tokens", logout.StdOut);
        Assert.Null(CacheScenario.KeyringCacheJson(keyring));
        var signInsBefore = await emulator.StatAsync("signIns");
        Assert.True(scenario.Sandbox.Git("-C", "demo", "fetch").ExitCode == 0);
        Assert.Equal(signInsBefore + 1, await emulator.StatAsync("signIns"));
    }
}
