using GitEntraHelper.Diagnostics;
using GitEntraHelper.TokenCache;

namespace GitEntraHelper.Tests.TokenCache;

public sealed class SingleFlightTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly List<string> _trace = [];

    private TokenCachePersistence NewPersistence(string? lockTimeoutSeconds = null) =>
        new(TestCacheSettings.PlainText(_temp.State, lockTimeoutSeconds), line => { lock (_trace) { _trace.Add(line); } });

    [Fact]
    public async Task Only_one_flight_per_key_at_a_time_and_the_waiter_continues_when_it_ends()
    {
        var first = await NewPersistence().EnterSingleFlightAsync("user|tenant|contoso", "signing in to contoso", CancellationToken.None);
        var second = NewPersistence().EnterSingleFlightAsync("user|tenant|contoso", "signing in to contoso", CancellationToken.None);
        await Task.Delay(150);
        Assert.False(second.IsCompleted);
        Assert.Contains(_trace, l => l.Contains("another process is signing in to contoso", StringComparison.Ordinal));

        await first.DisposeAsync();
        await (await second).DisposeAsync();
        Assert.Contains(_trace, l => l.Contains("reusing its result", StringComparison.Ordinal));
    }

    [Fact]
    public void Flight_file_names_are_stable_short_hex_and_hide_the_key()
    {
        string name = TokenCachePersistence.FileNameFor("user:872cd9fa:alice@contoso.com");

        Assert.Matches("^[0-9a-f]{16}$", name);
        Assert.Equal(name, TokenCachePersistence.FileNameFor("user:872cd9fa:alice@contoso.com"));
        Assert.NotEqual(name, TokenCachePersistence.FileNameFor("user:872cd9fa:bob@contoso.com"));
    }

    [Fact]
    public async Task Different_keys_do_not_wait_for_each_other()
    {
        await using var a = await NewPersistence().EnterSingleFlightAsync("key-a", "a", CancellationToken.None);
        var b = NewPersistence().EnterSingleFlightAsync("key-b", "b", CancellationToken.None);
        Assert.True(b.IsCompletedSuccessfully);
        await (await b).DisposeAsync();
    }

    [Fact]
    public async Task Waiting_is_bounded_and_ends_with_one_clear_line()
    {
        await using var holder = await NewPersistence().EnterSingleFlightAsync("k", "signing in to contoso", CancellationToken.None);

        var e = await Assert.ThrowsAsync<HelperException>(() =>
            NewPersistence(lockTimeoutSeconds: "1").EnterSingleFlightAsync("k", "signing in to contoso", CancellationToken.None));

        Assert.Contains("gave up after 1 s", e.Message);
        Assert.Contains("signing in to contoso", e.Message);
        Assert.Contains("GIT_ENTRA_LOCK_TIMEOUT", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Partition_names_are_checked()
    {
        var persistence = NewPersistence();
        Assert.Throws<ArgumentException>(() => persistence.Describe("../escape"));
        Assert.Equal("app-5b1f6a55-34d5-4c1e-9d3a-0b8c5e6f7a01", TokenCachePartitions.App("5B1F6A55-34D5-4C1E-9D3A-0B8C5E6F7A01"));
        Assert.Throws<ArgumentException>(() => TokenCachePartitions.App("a/b"));
    }

    public void Dispose() => _temp.Dispose();
}
