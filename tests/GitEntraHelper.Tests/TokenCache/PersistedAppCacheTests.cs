using System.Text;
using GitEntraHelper.TokenCache;
using Microsoft.Identity.Client;

namespace GitEntraHelper.Tests.TokenCache;

/// <summary>Real MSAL apps, real files (opted-in plain text), a fake token endpoint.</summary>
public sealed class PersistedAppCacheTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly FakeAuthority _authority = new();
    private readonly List<string> _trace = [];

    private string CacheFile => Path.Combine(_temp.Cache, TokenCachePartitions.App(FakeAuthority.ClientId) + ".msalcache.json");

    private TokenCachePersistence NewPersistence() =>
        new(TestCacheSettings.PlainText(_temp.State), line => { lock (_trace) { _trace.Add(line); } });

    private async Task<AuthenticationResult> AcquireInNewProcessAsync()
    {
        // A fresh app and persistence per call is what a new git-credential-entra process has.
        var app = _authority.NewApp();
        NewPersistence().Attach(app.AppTokenCache, TokenCachePartitions.App(FakeAuthority.ClientId));
        return await app.AcquireTokenForClient([FakeAuthority.Scope]).ExecuteAsync();
    }

    [Fact]
    public async Task A_token_acquired_by_one_process_is_reused_by_the_next_without_a_grant()
    {
        var first = await AcquireInNewProcessAsync();
        var second = await AcquireInNewProcessAsync();

        Assert.Equal(1, _authority.Grants);
        Assert.Equal(TokenSource.IdentityProvider, first.AuthenticationResultMetadata.TokenSource);
        Assert.Equal(TokenSource.Cache, second.AuthenticationResultMetadata.TokenSource);
        Assert.Equal(first.AccessToken, second.AccessToken);
    }

    [Fact]
    public async Task Plain_text_cache_is_mode_0600_in_a_0700_folder_and_the_trace_says_plain_text()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        await AcquireInNewProcessAsync();

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(CacheFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_temp.Cache));
        Assert.Contains(_trace, l => l.Contains("PLAIN TEXT", StringComparison.Ordinal) && l.Contains("GIT_ENTRA_CACHE_PROTECTION", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(_temp.Cache, "*.tmp"));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("truncated")]
    public async Task An_unreadable_cache_file_is_set_aside_not_deleted_and_a_new_token_is_fetched(string damage)
    {
        await AcquireInNewProcessAsync();
        var good = File.ReadAllBytes(CacheFile);
        var bad = damage == "garbage" ? Encoding.UTF8.GetBytes("\u0001\u0002 not json at all") : good[..(good.Length / 2)];
        File.WriteAllBytes(CacheFile, bad);
        File.Delete(Path.Combine(_temp.Cache, TokenCachePartitions.App(FakeAuthority.ClientId) + ".version"));

        var after = await AcquireInNewProcessAsync();

        Assert.Equal(2, _authority.Grants);
        Assert.Equal(TokenSource.IdentityProvider, after.AuthenticationResultMetadata.TokenSource);
        var aside = Assert.Single(Directory.GetFiles(_temp.Cache, "*-corrupt-*"));
        Assert.Equal(bad, File.ReadAllBytes(aside));
        Assert.Contains(_trace, l => l.Contains("unreadable", StringComparison.Ordinal) && l.Contains(aside, StringComparison.Ordinal));
        // The new cache works again for the next process.
        Assert.Equal(TokenSource.Cache, (await AcquireInNewProcessAsync()).AuthenticationResultMetadata.TokenSource);
    }

    [Fact]
    public async Task The_trace_never_contains_the_token()
    {
        var result = await AcquireInNewProcessAsync();
        await AcquireInNewProcessAsync();
        Assert.NotEmpty(_trace);
        Assert.DoesNotContain(_trace, l => l.Contains(result.AccessToken, StringComparison.Ordinal));
    }

    public void Dispose()
    {
        _authority.Dispose();
        _temp.Dispose();
    }
}

public sealed class UnwritableCacheFolderTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly FakeAuthority _authority = new();

    [Fact]
    public async Task A_cache_folder_path_that_is_a_file_fails_with_one_line_naming_it()
    {
        Directory.CreateDirectory(_temp.State);
        File.WriteAllText(_temp.Cache, "a file where the folder should be");
        var app = _authority.NewApp();
        new TokenCachePersistence(TestCacheSettings.PlainText(_temp.State)).Attach(app.AppTokenCache, TokenCachePartitions.App(FakeAuthority.ClientId));

        var e = await Assert.ThrowsAsync<GitEntraHelper.Diagnostics.HelperException>(() =>
            app.AcquireTokenForClient([FakeAuthority.Scope]).ExecuteAsync());

        Assert.Contains("cannot use the token cache folder " + _temp.Cache, e.Message);
        Assert.Equal(0, _authority.Grants);
    }

    public void Dispose()
    {
        _authority.Dispose();
        _temp.Dispose();
    }
}
