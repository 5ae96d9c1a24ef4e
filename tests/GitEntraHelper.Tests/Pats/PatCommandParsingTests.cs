using GitEntraHelper.Commands;
using GitEntraHelper.Diagnostics;

namespace GitEntraHelper.Tests.Pats;

public sealed class PatCommandParsingTests
{
    private const string Id = "5b7e2c9a-1f3d-4e8b-9a6c-0d2f4b6a8c1e";

    [Fact]
    public void List_takes_an_organization()
    {
        var request = PatCommand.Parse(["list", "--org", "contoso"]);
        Assert.False(request.Revoke);
        Assert.Equal("contoso", request.Organization);
    }

    [Fact]
    public void List_takes_a_url_with_equals()
        => Assert.Equal("https://dev.azure.com/contoso", PatCommand.Parse(["list", "--url=https://dev.azure.com/contoso"]).Url);

    [Fact]
    public void Revoke_takes_ids()
    {
        var request = PatCommand.Parse(["revoke", "--org", "contoso", Id, Id.ToUpperInvariant()]);
        Assert.True(request.Revoke);
        Assert.Equal(2, request.Ids.Count);
        Assert.False(request.Yes);
    }

    [Fact]
    public void Revoke_all_with_yes()
    {
        var request = PatCommand.Parse(["revoke", "--org", "contoso", "--all", "--yes"]);
        Assert.True(request.All);
        Assert.True(request.Yes);
    }

    [Fact]
    public void Expiring_after_is_a_utc_date()
        => Assert.Equal(new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.Zero), PatCommand.Parse(["revoke", "--org", "c", "--expiring-after", "2027-03-01"]).ExpiringAfter);

    [Theory]
    [InlineData("")]
    [InlineData("create", "--org", "contoso")]
    [InlineData("list")]
    [InlineData("list", "--org")]
    [InlineData("list", "--org", "contoso", "--url", "https://dev.azure.com/contoso")]
    [InlineData("list", "--org", "a b")]
    [InlineData("list", "--org", "contoso", "--all")]
    [InlineData("list", "--org", "contoso", Id)]
    [InlineData("revoke", "--org", "contoso")]
    [InlineData("revoke", "--org", "contoso", "--all", Id)]
    [InlineData("revoke", "--org", "contoso", "--all", "--expiring-after", "2027-01-01")]
    [InlineData("revoke", "--org", "contoso", "not-a-guid")]
    [InlineData("revoke", "--org", "contoso", "--expiring-after", "next week")]
    [InlineData("revoke", "--org", "contoso", "--all", "--force")]
    public void Bad_arguments_are_one_usage_error(params string[] args)
    {
        var e = Assert.Throws<HelperException>(() => PatCommand.Parse(args.Where(a => a.Length > 0).ToList()));
        Assert.Equal(HelperException.UsageExitCode, e.ExitCode);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Contains("usage: git credential-entra pat", e.Message, StringComparison.Ordinal);
    }
}
