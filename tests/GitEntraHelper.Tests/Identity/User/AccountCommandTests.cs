using GitEntraHelper.Commands;
using GitEntraHelper.Diagnostics;
using GitEntraHelper.Identity.User;
using TestContext = GitEntraHelper.Tests.Commands.TestContext;

namespace GitEntraHelper.Tests.Identity.User;

public sealed class AccountCommandTests : IDisposable
{
    private readonly TestContext _test = new(string.Empty);

    public void Dispose() => _test.Dispose();

    [Fact]
    public async Task Bind_list_unbind_round_trip_through_the_state_file()
    {
        Assert.Equal(0, await Run("bind", "https://dev.azure.com/Fabrikam/demo/_git/demo", "bob@contoso.com"));
        Assert.Equal(0, await Run("bind", "contoso.visualstudio.com", "alice@contoso.com"));
        Assert.Equal(0, await Run("bind", "https://contoso.visualstudio.com/x", "carol@contoso.com"));
        Assert.Contains("contoso: bound to carol@contoso.com (was alice@contoso.com)", _test.OutputText);

        Assert.Equal(0, await Run("list"));
        Assert.Contains("contoso: carol@contoso.com", _test.OutputText);
        Assert.Contains("fabrikam: bob@contoso.com", _test.OutputText);
        Assert.Contains("signed in: nobody", _test.OutputText);

        Assert.Equal(0, await Run("unbind", "fabrikam"));
        Assert.Contains("fabrikam: unbound", _test.OutputText);
        Assert.Equal(0, await Run("unbind", "fabrikam"));
        Assert.Contains("fabrikam: no account was bound", _test.OutputText);

        var store = UserSignIn.BindingStore(_test.Context.Paths, _test.Context.Trace);
        Assert.Equal(["contoso"], (await store.ListAsync(default)).Select(b => b.Organization));
        Assert.Equal("carol@contoso.com", (await store.GetAsync("contoso", default))!.Username);
    }

    [Theory]
    [InlineData("alice@contoso.com", true)]
    [InlineData("first.last@sub.contoso.co.uk", true)]
    [InlineData("alice@contoso", false)]
    [InlineData("@contoso.com", false)]
    [InlineData("alice@@contoso.com", false)]
    [InlineData("alice@contoso.com.", false)]
    [InlineData("ali ce@contoso.com", false)]
    [InlineData("https://dev.azure.com/alice@contoso.com", false)]
    public void Bind_accepts_only_sign_in_names(string user, bool accepted) =>
        Assert.Equal(accepted, AccountCommand.IsSignInName(user));

    [Theory]
    [InlineData("bind", "contoso")]
    [InlineData("bind", "contoso", "not-a-user")]
    [InlineData("bind", "con toso", "a@b")]
    [InlineData("unbind")]
    [InlineData("frobnicate")]
    public async Task Bad_arguments_are_a_usage_error_with_one_line(params string[] args)
    {
        var e = await Assert.ThrowsAsync<HelperException>(() => AccountCommand.RunAsync(_test.Context, args, default));

        Assert.Equal(HelperException.UsageExitCode, e.ExitCode);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Describe_names_what_the_helper_remembers() =>
        Assert.Equal("fabrikam: (asks at the next sign-in) (tenant t, alice@contoso.com was refused)",
            AccountCommand.Describe(new AccountBinding("fabrikam", null, TenantId: "t", RefusedUsername: "alice@contoso.com")));

    private Task<int> Run(params string[] args) => AccountCommand.RunAsync(_test.Context, args, default);
}
