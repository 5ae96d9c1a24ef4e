using System.Text;
using System.Text.Json;
using GitEntraHelper.Commands;
using GitEntraHelper.Diagnostics;
using GitEntraHelper.Identity;

namespace GitEntraHelper.Tests.Commands;

public class TokenCommandTests
{
    private static readonly AccessTokenResult Token = new(new Secret("eyJ.token.value"), DateTimeOffset.FromUnixTimeSeconds(1_900_000_000), "service principal c (client secret)");

    [Fact]
    public void Raw_is_the_token_and_a_newline()
        => Assert.Equal("eyJ.token.value\n", Encoding.UTF8.GetString(TokenCommand.Format(Token, "raw")));

    [Fact]
    public void Header_is_one_line_curl_reads_with_dash_H_at_dash()
        => Assert.Equal("Authorization: Bearer eyJ.token.value\n", Encoding.UTF8.GetString(TokenCommand.Format(Token, "header")));

    [Fact]
    public void Json_has_the_az_cli_fields()
    {
        using var json = JsonDocument.Parse(TokenCommand.Format(Token, "json"));
        var root = json.RootElement;
        Assert.Equal("eyJ.token.value", root.GetProperty("accessToken").GetString());
        Assert.Equal(1_900_000_000, root.GetProperty("expires_on").GetInt64());
        Assert.Equal("2030-03-17T17:46:40Z", root.GetProperty("expiresOn").GetString());
        Assert.Equal("Bearer", root.GetProperty("tokenType").GetString());
    }
}
