using GitEntraHelper.Commands;
using GitEntraHelper.Diagnostics;
using GitEntraHelper.TokenCache;
using Microsoft.Identity.Client;

namespace GitEntraHelper.Tests.TokenCache;

public sealed class LogoutCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly FakeAuthority _authority = new();

    private TokenCachePersistence NewPersistence() => new(TestCacheSettings.PlainText(_temp.State));

    private async Task<AuthenticationResult> AcquireAsync()
    {
        var app = _authority.NewApp();
        NewPersistence().Attach(app.AppTokenCache, TokenCachePartitions.App(FakeAuthority.ClientId));
        return await app.AcquireTokenForClient([FakeAuthority.Scope]).ExecuteAsync();
    }

    [Fact]
    public async Task Logout_all_removes_every_stored_token_and_the_next_process_must_sign_in_again()
    {
        var before = await AcquireAsync();
        File.WriteAllText(Path.Combine(_temp.Cache, TokenCachePartitions.App(FakeAuthority.ClientId) + ".msalcache.json-corrupt-20260101-000000-000"), before.AccessToken);
        using var output = new MemoryStream();

        var exit = await LogoutCommand.LogoutAllAsync(NewPersistence(), output, CancellationToken.None);

        Assert.Equal(0, exit);
        Assert.Contains("removed cached tokens", System.Text.Encoding.UTF8.GetString(output.ToArray()));
        foreach (var file in Directory.EnumerateFiles(_temp.Path, "*", SearchOption.AllDirectories))
        {
            Assert.DoesNotContain(before.AccessToken, File.ReadAllText(file));
        }

        var after = await AcquireAsync();
        Assert.Equal(TokenSource.IdentityProvider, after.AuthenticationResultMetadata.TokenSource);
        Assert.Equal(2, _authority.Grants);
    }

    [Fact]
    public async Task Logout_all_with_nothing_cached_says_so()
    {
        using var output = new MemoryStream();
        Assert.Equal(0, await LogoutCommand.LogoutAllAsync(NewPersistence(), output, CancellationToken.None));
        Assert.Contains("nothing to remove", System.Text.Encoding.UTF8.GetString(output.ToArray()));
    }

    [Theory]
    [InlineData]
    [InlineData("--everything")]
    [InlineData("--all", "extra")]
    public async Task Bad_arguments_are_a_usage_error(params string[] args)
    {
        var e = await Assert.ThrowsAsync<HelperException>(() => LogoutCommand.RunAsync(args, null!, CancellationToken.None));
        Assert.Equal(CommandLine.UsageExitCode, e.ExitCode);
    }

    public void Dispose()
    {
        _authority.Dispose();
        _temp.Dispose();
    }
}
