using GitEntraHelper.Diagnostics;
using GitEntraHelper.MemoryCache;
using GitEntraHelper.Platform;

namespace GitEntraHelper.Tests.TokenCache;

public sealed class MemoryTokenCacheTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly MemoryCacheKey Key = new("https://dev.azure.com/contoso|", "https://dev.azure.com/contoso|\n\nabc");

    private readonly FakeKernelKeyring _keyring = new();
    private readonly DictionaryEnvironmentVariables _env = new() { ["AZURE_CLIENT_ID"] = "one" };
    private readonly MutableClock _clock = new(Now);

    private MemoryTokenCache Cache(string state = "/home/u/.local/state/git-credential-entra") =>
        new(_keyring, new HelperPaths(state, "/cache"), _clock);

    [Fact]
    public void A_kept_token_comes_back_for_the_same_key_and_environment()
    {
        Assert.Null(Cache().Put(Key, new Secret("tok-1"), Now.AddHours(1), "user alice", _env, ["AZURE_CLIENT_ID", "CI"]));

        var hit = Cache().TryGet(Key, _env);

        Assert.NotNull(hit);
        Assert.Equal("tok-1", hit!.Token.Reveal());
        Assert.Equal(Now.AddHours(1).ToUnixTimeSeconds(), hit.ExpiresOn.ToUnixTimeSeconds());
        Assert.Equal("user alice", hit.Identity);
    }

    [Fact]
    public void A_variable_the_run_read_that_changes_or_appears_is_a_miss()
    {
        Cache().Put(Key, new Secret("tok-1"), Now.AddHours(1), "user alice", _env, ["AZURE_CLIENT_ID", "CI"]);

        _env["AZURE_CLIENT_ID"] = "two";
        Assert.Null(Cache().TryGet(Key, _env));
        _env["AZURE_CLIENT_ID"] = "one";
        _env["CI"] = ""; // unset before: set, even empty, is a change
        Assert.Null(Cache().TryGet(Key, _env));
        _env["CI"] = null;
        _env["UNRELATED"] = "x"; // never read: no effect
        Assert.NotNull(Cache().TryGet(Key, _env));
    }

    [Fact]
    public void Another_scope_with_a_colliding_context_hash_never_gets_the_token()
    {
        Cache().Put(Key, new Secret("tok-1"), Now.AddHours(1), "user alice", _env, []);

        // Same context (same route key), other scope: the stored scope is compared exactly.
        Assert.Null(Cache().TryGet(Key with { Scope = "https://evil.example/contoso|" }, _env));
    }

    [Fact]
    public void Tokens_in_their_last_five_minutes_are_neither_kept_nor_returned()
    {
        Assert.NotNull(Cache().Put(Key, new Secret("short"), Now.AddMinutes(5).AddSeconds(10), "u", _env, []));
        Assert.Empty(_keyring.Descriptions);

        Cache().Put(Key, new Secret("tok"), Now.AddMinutes(30), "u", _env, []);
        _clock.Now = Now.AddMinutes(25).AddSeconds(1);
        Assert.Null(Cache().TryGet(Key, _env));
    }

    [Fact]
    public void One_token_is_stored_once_however_many_requests_route_to_it()
    {
        var other = new MemoryCacheKey("https://dev.azure.com/contoso|", "https://dev.azure.com/contoso|\n\nother-repo");
        Cache().Put(Key, new Secret("tok"), Now.AddHours(1), "u", _env, []);
        Cache().Put(other, new Secret("tok"), Now.AddHours(1), "u", _env, []);

        Assert.Single(_keyring.Descriptions, d => d.Contains("/t/", StringComparison.Ordinal));
        Assert.Equal(2, _keyring.Descriptions.Count(d => d.Contains("/r/", StringComparison.Ordinal)));
        Assert.Equal("tok", Cache().TryGet(other, _env)!.Token.Reveal());
    }

    [Fact]
    public void Forget_all_clears_only_this_cache_location()
    {
        Cache().Put(Key, new Secret("tok"), Now.AddHours(1), "u", _env, []);
        Cache("/other/state").Put(Key, new Secret("tok-2"), Now.AddHours(1), "u", _env, []);

        Cache().ForgetAll();

        Assert.Null(Cache().TryGet(Key, _env));
        Assert.Equal("tok-2", Cache("/other/state").TryGet(Key, _env)!.Token.Reveal());
    }

    [Fact]
    public void A_refused_put_empties_the_keyring_and_tries_once_more()
    {
        Cache().Put(new MemoryCacheKey("s|", "old"), new Secret("old"), Now.AddHours(1), "u", _env, []);
        _keyring.FailNextPut = "Disk quota exceeded";

        Assert.Null(Cache().Put(Key, new Secret("tok"), Now.AddHours(1), "u", _env, []));

        Assert.Equal(1, _keyring.Clears);
        Assert.Equal("tok", Cache().TryGet(Key, _env)!.Token.Reveal());
        Assert.Null(Cache().TryGet(new MemoryCacheKey("s|", "old"), _env));
    }

    [Fact]
    public void A_not_ours_decision_comes_back_as_such_and_follows_the_environment_too()
    {
        Assert.Null(Cache().PutNotOurs(Key, _env, ["AZURE_CLIENT_ID"]));

        var hit = Cache().TryGet(Key, _env);
        Assert.True(hit!.NotOurs);
        _env["AZURE_CLIENT_ID"] = "changed";
        Assert.Null(Cache().TryGet(Key, _env));
    }

    [Fact]
    public void Probe_says_whether_the_kernel_lets_us_keep_tokens()
    {
        Assert.Null(Cache().Probe());

        _keyring.Unavailable = "the kernel keyring is Linux only";
        Assert.Equal("the kernel keyring is Linux only", Cache().Probe());
    }

    [Fact]
    public void Unavailable_keyring_keeps_nothing_and_says_why()
    {
        _keyring.Unavailable = "the kernel keyring is Linux only";

        Assert.Equal("the kernel keyring is Linux only", Cache().Put(Key, new Secret("tok"), Now.AddHours(1), "u", _env, []));
        Assert.Equal(0, _keyring.Puts);
    }

    [Fact]
    public void Descriptions_never_contain_the_token_or_the_context()
    {
        Cache().Put(Key, new Secret("eyJ0eXAiOiJKV1QifQ.secret-part.sig"), Now.AddHours(1), "u", _env, []);

        Assert.All(_keyring.Descriptions, d =>
        {
            Assert.DoesNotContain("secret-part", d, StringComparison.Ordinal);
            Assert.DoesNotContain("contoso", d, StringComparison.Ordinal);
        });
    }

    private sealed class MutableClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
