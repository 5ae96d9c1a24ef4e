using GitEntraHelper.Diagnostics;
using GitEntraHelper.TokenCache;
using Microsoft.Identity.Client;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace GitEntraHelper.Tests.TokenCache;

/// <summary>The read-modify-write protocol against a substitute store: reads, writes, locks, failures.</summary>
public sealed class PersistentTokenCacheTests : IDisposable
{
    private const string Partition = "app-test";
    private readonly TempFolder _temp = new();
    private readonly FakeAuthority _authority = new();
    private readonly ICacheStorage _storage = Substitute.For<ICacheStorage>();
    private readonly List<string> _trace = [];
    private byte[]? _stored;
    private bool _failWrites;

    public PersistentTokenCacheTests()
    {
        Directory.CreateDirectory(_temp.Cache);
        _storage.VersionFilePath.Returns(Path.Combine(_temp.Cache, Partition + ".version"));
        _storage.Description.Returns("substitute store");
        _storage.Read().Returns(_ => _stored);
        _storage.When(s => s.Write(Arg.Any<byte[]>())).Do(call =>
        {
            if (_failWrites)
            {
                throw new HelperException("cannot write the token cache (disk full)");
            }

            _stored = call.Arg<byte[]>();
        });
    }

    private IConfidentialClientApplication NewApp(TimeSpan? lockTimeout = null)
    {
        var app = _authority.NewApp();
        new PersistentTokenCache(_storage, _temp.Cache, Partition, lockTimeout ?? TimeSpan.FromSeconds(10), _trace.Add)
            .Attach(app.AppTokenCache);
        return app;
    }

    private static Task<AuthenticationResult> AcquireAsync(IConfidentialClientApplication app) =>
        app.AcquireTokenForClient([FakeAuthority.Scope]).ExecuteAsync();

    [Fact]
    public async Task An_unchanged_store_is_read_once_per_process()
    {
        await AcquireAsync(NewApp()); // an earlier process signed in and saved
        _storage.ClearReceivedCalls();

        var app = NewApp();
        await AcquireAsync(app); // reads the store once
        await AcquireAsync(app); // version unchanged: served from memory, no keyring round trip
        await AcquireAsync(app);

        _storage.Received(1).Read();
        _storage.DidNotReceive().Write(Arg.Any<byte[]>());
        Assert.Equal(1, _authority.Grants);
    }

    [Fact]
    public async Task A_write_by_another_process_is_read_before_the_next_access()
    {
        var mine = NewApp();
        await AcquireAsync(mine);
        var other = NewApp();
        await other.AcquireTokenForClient([FakeAuthority.Scope]).WithForceRefresh(true).ExecuteAsync(); // new version

        _storage.ClearReceivedCalls();
        var result = await AcquireAsync(mine);

        _storage.Received(1).Read();
        Assert.Equal(FakeAuthority.TokenNumber(2), result.AccessToken);
    }

    [Fact]
    public async Task An_unreachable_store_fails_with_its_line_and_nothing_is_written()
    {
        _storage.Read().Throws(new HelperException("cannot read the token cache in the Secret Service (x)"));
        var app = NewApp();

        var e = await Assert.ThrowsAsync<HelperException>(() => AcquireAsync(app));

        Assert.StartsWith("cannot read the token cache", e.Message);
        _storage.DidNotReceive().Write(Arg.Any<byte[]>());
        // The lock was released: the next process is not blocked.
        using var free = FileLock.TryAcquire(Path.Combine(_temp.Cache, Partition + ".lock"));
        Assert.NotNull(free);
    }

    [Fact]
    public async Task A_store_that_cannot_be_decoded_is_set_aside_and_the_cache_starts_empty()
    {
        _storage.Read().Returns(_ => throw new CacheCorruptException("the keyring entry is not valid base64", raw: null), _ => _stored);
        _storage.SetAside(Arg.Any<byte[]?>(), Arg.Any<string>()).Returns("keyring entry with partition=app-test.corrupt-x");
        var app = NewApp();

        var result = await AcquireAsync(app);

        Assert.Equal(TokenSource.IdentityProvider, result.AuthenticationResultMetadata.TokenSource);
        _storage.Received(1).SetAside(null, Arg.Is<string>(s => s.StartsWith("-corrupt-", StringComparison.Ordinal)));
        Assert.Contains(_trace, l => l.Contains("not valid base64", StringComparison.Ordinal) && l.Contains("sign in again", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bytes_msal_cannot_parse_are_set_aside_with_their_content()
    {
        var junk = "{\"AccessToken\": {\"trunc"u8.ToArray();
        _stored = junk;
        _storage.SetAside(Arg.Any<byte[]?>(), Arg.Any<string>()).Returns(_ => { _stored = null; return "elsewhere"; });

        await AcquireAsync(NewApp());

        _storage.Received(1).SetAside(Arg.Is<byte[]?>(b => b != null && Enumerable.SequenceEqual(b, junk)), Arg.Any<string>());
        Assert.Equal(1, _authority.Grants);
        Assert.NotNull(_stored); // the fresh cache was written
    }

    [Fact]
    public async Task A_cache_lock_held_too_long_fails_with_one_line_and_no_write()
    {
        using var holder = FileLock.TryAcquire(Path.Combine(_temp.Cache, Partition + ".lock"));
        var app = NewApp(TimeSpan.FromMilliseconds(150));

        var e = await Assert.ThrowsAsync<HelperException>(() => AcquireAsync(app));

        Assert.Contains("locked by another git-credential-entra process", e.Message);
        _storage.DidNotReceive().Read();
        _storage.DidNotReceive().Write(Arg.Any<byte[]>());
    }

    [Fact]
    public async Task A_failed_write_is_reported_and_the_next_access_reloads()
    {
        var app = NewApp();
        await AcquireAsync(app);
        _failWrites = true;
        var e = await Assert.ThrowsAsync<HelperException>(() => app.AcquireTokenForClient([FakeAuthority.Scope]).WithForceRefresh(true).ExecuteAsync());
        Assert.Contains("disk full", e.Message);

        _failWrites = false;
        _storage.ClearReceivedCalls();
        await app.AcquireTokenForClient([FakeAuthority.Scope]).WithForceRefresh(true).ExecuteAsync();
        _storage.Received(1).Read();
    }

    public void Dispose()
    {
        _authority.Dispose();
        _temp.Dispose();
    }
}
