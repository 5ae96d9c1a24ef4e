using GitEntraHelper.EndToEndTests.Infrastructure;

namespace GitEntraHelper.EndToEndTests.TokenCache;

/// <summary>
/// Many git processes at once share one sign-in and one refresh (single flight over the real
/// keyring), instead of each starting its own.
/// </summary>
[Collection(ManyProcessesCollection.Name)]
[SupportedOSPlatform("linux")]
public sealed class ConcurrentProcessesTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private const int Processes = 16;

    [OsFact(TestOs.Linux, "reads the token cache back from gnome-keyring")]
    public async Task Sixteen_fetches_on_an_empty_cache_sign_in_once_and_sixteen_with_expired_tokens_refresh_once()
    {
        using var keyring = TestPlatform.StartGnomeKeyring();
        using var scenario = new CacheScenario(emulator, keyring);
        scenario.Sandbox.Timeout = TimeSpan.FromMinutes(3);
        Assert.True(scenario.Clone("seed").ExitCode == 0);
        var clones = Enumerable.Range(0, Processes).Select(i => $"clone-{i}").ToList();
        foreach (var clone in clones)
        {
            scenario.Sandbox.Git("clone", "--quiet", "seed", clone).EnsureSuccess();
            scenario.Sandbox.Git("-C", clone, "remote", "set-url", "origin", scenario.RepositoryUrl).EnsureSuccess();
        }

        // Empty cache: every process needs a sign-in; exactly one may do it.
        scenario.Sandbox.Git("credential-entra", "logout", "--all").EnsureSuccess();
        Assert.Null(CacheScenario.KeyringCacheJson(keyring));
        await emulator.AdminAsync("/reset-stats");

        var fetches = await FetchAllAsync(scenario, clones);

        Assert.All(fetches, f => Assert.True(f.ExitCode == 0, f.ToString()));
        Assert.Equal(1, await emulator.StatAsync("signIns"));
        Assert.Equal(1, await emulator.StatAsync("deviceCodeGrants"));

        // Expired tokens: the server rejects them, and the cache knows they are past their time. The
        // memory cache would have dropped them by then too (it keeps a token until 5 minutes before its
        // expiry); an edited MSAL cache cannot tell the kernel, so it is off for this half.
        await emulator.AdminAsync("/expire-tokens");
        CacheScenario.StoreKeyringCache(keyring, CacheScenario.ExpireAccessTokens(CacheScenario.KeyringCacheJson(keyring)!));
        scenario.Sandbox.Environment["GIT_ENTRA_MEMORY_CACHE"] = "false";
        await emulator.AdminAsync("/reset-stats");

        fetches = await FetchAllAsync(scenario, clones);

        Assert.All(fetches, f => Assert.True(f.ExitCode == 0, f.ToString()));
        Assert.Equal(1, await emulator.StatAsync("refreshTokenGrants"));
        Assert.Equal(0, await emulator.StatAsync("signIns"));
    }

    private static async Task<ProcessResult[]> FetchAllAsync(CacheScenario scenario, IEnumerable<string> clones)
    {
        using var start = new SemaphoreSlim(0);
        var fetches = clones.Select(async clone =>
        {
            await start.WaitAsync();
            return await scenario.Sandbox.GitAsync(["-C", clone, "fetch", "--quiet", "origin"]);
        }).ToList();
        start.Release(Processes); // all at once
        return await Task.WhenAll(fetches);
    }
}
