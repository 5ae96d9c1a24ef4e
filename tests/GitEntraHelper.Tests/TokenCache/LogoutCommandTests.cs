using GitEntraHelper.Commands;
using GitEntraHelper.Diagnostics;
using GitEntraHelper.Identity.User;
using GitEntraHelper.TokenCache;
using Microsoft.Identity.Client;
using NSubstitute;

namespace GitEntraHelper.Tests.TokenCache;

public sealed class LogoutCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly FakeAuthority _authority = new();
    private readonly StringWriter _output = new();
    private readonly FileAccountBindingStore _bindings;
    private readonly ICachedUserAccounts _accounts = Substitute.For<ICachedUserAccounts>();

    public LogoutCommandTests()
    {
        _bindings = new FileAccountBindingStore(Path.Combine(_temp.State, "accounts.json"), HelperTrace.Disabled);
        _accounts.RemoveAsync(default, default, default).ReturnsForAnyArgs(true);
    }

    private TokenCachePersistence NewPersistence() => new(TestCacheSettings.PlainText(_temp.State));

    private async Task<AuthenticationResult> AcquireAsync()
    {
        var app = _authority.NewApp();
        NewPersistence().Attach(app.AppTokenCache, TokenCachePartitions.App(FakeAuthority.ClientId));
        return await app.AcquireTokenForClient([FakeAuthority.Scope]).ExecuteAsync();
    }

    private Task<int> LogoutAsync(string organization) =>
        LogoutCommand.LogoutOrganizationAsync(organization, _bindings, _ => _accounts, _output, CancellationToken.None);

    [Fact]
    public async Task Logout_all_removes_every_stored_token_and_binding_and_the_next_process_must_sign_in_again()
    {
        var before = await AcquireAsync();
        File.WriteAllText(Path.Combine(_temp.Cache, TokenCachePartitions.App(FakeAuthority.ClientId) + ".msalcache.json-corrupt-20260101-000000-000"), before.AccessToken);
        await _bindings.SaveAsync(new AccountBinding("contoso", "alice@contoso.example", "oid.tid"), CancellationToken.None);

        var exit = await LogoutCommand.LogoutAllAsync(NewPersistence(), _bindings, _output, CancellationToken.None);

        Assert.Equal(0, exit);
        Assert.Contains("removed cached tokens", _output.ToString());
        Assert.Contains("forgot the account chosen for contoso", _output.ToString());
        Assert.Empty(await _bindings.ListAsync(CancellationToken.None));
        foreach (var file in Directory.EnumerateFiles(_temp.Path, "*", SearchOption.AllDirectories))
        {
            Assert.DoesNotContain(before.AccessToken, File.ReadAllText(file));
        }

        var after = await AcquireAsync();
        Assert.Equal(TokenSource.IdentityProvider, after.AuthenticationResultMetadata.TokenSource);
        Assert.Equal(2, _authority.Grants);
    }

    [Fact]
    public async Task A_second_logout_all_says_there_is_nothing_to_remove()
    {
        await AcquireAsync();
        Assert.Equal(0, await LogoutCommand.LogoutAllAsync(NewPersistence(), _bindings, _output, CancellationToken.None));
        _output.GetStringBuilder().Clear();

        Assert.Equal(0, await LogoutCommand.LogoutAllAsync(NewPersistence(), _bindings, _output, CancellationToken.None));

        Assert.Equal("no cached tokens: nothing to remove", _output.ToString().Trim());
    }

    [Fact]
    public async Task Logout_all_with_nothing_cached_says_so()
    {
        Assert.Equal(0, await LogoutCommand.LogoutAllAsync(NewPersistence(), _bindings, _output, CancellationToken.None));
        Assert.Contains("nothing to remove", _output.ToString());
    }

    [Fact]
    public async Task Logout_of_an_organization_removes_its_account_when_no_other_organization_uses_it()
    {
        await _bindings.SaveAsync(new AccountBinding("contoso", "alice@contoso.example", "oid-a.tid", TenantId: "tid"), CancellationToken.None);
        await _bindings.SaveAsync(new AccountBinding("fabrikam", "bob@contoso.example", "oid-b.tid", TenantId: "tid"), CancellationToken.None);

        Assert.Equal(0, await LogoutAsync("contoso"));

        await _accounts.Received(1).RemoveAsync("oid-a.tid", null, Arg.Any<CancellationToken>());
        Assert.Contains("signed out alice@contoso.example from contoso", _output.ToString());
        Assert.Null(await _bindings.GetAsync("contoso", CancellationToken.None));
        Assert.NotNull(await _bindings.GetAsync("fabrikam", CancellationToken.None));
    }

    [Fact]
    public async Task An_account_still_used_by_another_organization_keeps_its_tokens()
    {
        await _bindings.SaveAsync(new AccountBinding("contoso", "alice@contoso.example", "oid-a.tid"), CancellationToken.None);
        await _bindings.SaveAsync(new AccountBinding("fabrikam", "alice@contoso.example", "oid-a.tid"), CancellationToken.None);

        Assert.Equal(0, await LogoutAsync("contoso"));

        await _accounts.DidNotReceiveWithAnyArgs().RemoveAsync(default, default, default);
        Assert.Contains("stays signed in for fabrikam", _output.ToString());
        Assert.Null(await _bindings.GetAsync("contoso", CancellationToken.None));
    }

    [Fact]
    public async Task An_organization_without_an_account_is_a_no_op_that_says_so()
    {
        Assert.Equal(0, await LogoutAsync("contoso"));
        await _accounts.DidNotReceiveWithAnyArgs().RemoveAsync(default, default, default);
        Assert.Contains("no account is signed in for contoso", _output.ToString());
    }

    [Theory]
    [InlineData]
    [InlineData("--everything")]
    [InlineData("--all", "extra")]
    [InlineData("contoso/demo")]
    public async Task Bad_arguments_are_a_usage_error(params string[] args)
    {
        var e = await Assert.ThrowsAsync<HelperException>(() => LogoutCommand.RunAsync(args, null!, CancellationToken.None));
        Assert.Equal(HelperException.UsageExitCode, e.ExitCode);
    }

    public void Dispose()
    {
        _authority.Dispose();
        _output.Dispose();
        _temp.Dispose();
    }
}
