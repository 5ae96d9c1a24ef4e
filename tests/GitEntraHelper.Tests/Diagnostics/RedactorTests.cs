using GitEntraHelper.Diagnostics;

namespace GitEntraHelper.Tests.Diagnostics;

public sealed class RedactorTests
{
    [Theory]
    [InlineData("token eyJ0eXAiOiJKV1QifQ.eyJhIjoxfQ.sig here", "token *** here")]
    [InlineData("pat abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnop!", "pat ***!")]
    [InlineData("line1\nline2\r\n", "line1 line2  ")]
    [InlineData("tenant 72f988bf-86f1-41af-91ab-2d7cd011db47 ok", "tenant 72f988bf-86f1-41af-91ab-2d7cd011db47 ok")]
    [InlineData("https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0/token",
        "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0/token")]
    [InlineData("", "")]
    public void Scrubs(string input, string expected) => Assert.Equal(expected, Redactor.Scrub(input));

    [Theory]
    [InlineData("!f() { cat >/dev/null; echo username=u; echo password=s3cret; }; f", "!f() { cat >/dev/null; echo username=u; echo password=***; }; f")]
    [InlineData("!echo token=abc", "!echo token=***")]
    [InlineData("!helper --client-secret: hunter2 --x", "!helper --client-secret: *** --x")]
    [InlineData("https://user:pa55@dev.azure.com/contoso", "https://user:***@dev.azure.com/contoso")]
    [InlineData("!curl -H 'Authorization: Bearer abc.def' x", "!curl -H 'Authorization: Bearer *** x")]
    [InlineData("/usr/local/bin/git-credential-entra", "/usr/local/bin/git-credential-entra")]
    [InlineData("manager", "manager")]
    public void Inline_secrets_in_printed_config_values_are_masked(string value, string shown) =>
        Assert.Equal(shown, Redactor.MaskInlineSecrets(value));

    [Fact]
    public void Secret_never_shows_its_value()
    {
        var secret = new Secret("value");
        Assert.Equal("***", secret.ToString());
        Assert.Equal("***", $"{secret}");
        Assert.Equal("(none)", new Secret("").ToString());
    }
}
