using System.Text;
using GitEntraHelper.Diagnostics;
using GitEntraHelper.Protocol;

namespace GitEntraHelper.Tests.Protocol;

public sealed class CredentialWriterTests
{
    private static readonly DateTimeOffset Expiry = DateTimeOffset.FromUnixTimeSeconds(1800000000);

    [Fact]
    public void Bearer_form_when_git_offers_authtype()
    {
        var request = CredentialReader.Read("capability[]=authtype\nprotocol=https\nhost=dev.azure.com\npath=contoso/x\n");

        string text = Encode(CredentialResponse.ForAccessToken(request, new Secret("eyJ.tok.en"), Expiry, "entra"));

        Assert.Equal("capability[]=authtype\nauthtype=Bearer\ncredential=eyJ.tok.en\nephemeral=1\npassword_expiry_utc=1800000000\n", text);
    }

    [Fact]
    public void Basic_form_otherwise_keeps_git_user_name()
    {
        var withUser = CredentialReader.Read("protocol=https\nhost=dev.azure.com\nusername=contoso\n");
        var withoutUser = CredentialReader.Read("protocol=https\nhost=dev.azure.com\npath=contoso/x\n");

        Assert.Equal("username=contoso\npassword=tok\npassword_expiry_utc=1800000000\n",
            Encode(CredentialResponse.ForAccessToken(withUser, new Secret("tok"), Expiry, "entra")));
        Assert.Equal("username=entra\npassword=tok\npassword_expiry_utc=1800000000\n",
            Encode(CredentialResponse.ForAccessToken(withoutUser, new Secret("tok"), Expiry, "entra")));
    }

    [Theory]
    [InlineData("tok\nhost=evil")]
    [InlineData("tok\rhost=evil")]
    [InlineData("tok\0")]
    public void Never_writes_a_value_that_breaks_framing(string value)
    {
        var response = new CredentialResponse().Add("username", "u").AddSecret("password", new Secret(value));

        var e = Assert.Throws<HelperException>(() => CredentialWriter.Encode(response));
        Assert.DoesNotContain("tok", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pass=word")]
    [InlineData("")]
    [InlineData("a\nb")]
    public void Never_writes_a_malformed_key(string key) =>
        Assert.Throws<HelperException>(() => CredentialWriter.Encode(new CredentialResponse().Add(key, "v")));

    [Fact]
    public void Writes_nothing_when_any_attribute_is_refused()
    {
        var output = new MemoryStream();
        var response = new CredentialResponse().Add("username", "fine").Add("password_expiry_utc", "1\n2");

        Assert.Throws<HelperException>(() => CredentialWriter.Write(output, response));
        Assert.Equal(0, output.Length);
    }

    [Fact]
    public void Response_ToString_redacts_the_token()
    {
        var request = CredentialReader.Read("protocol=https\nhost=dev.azure.com\n");
        var response = CredentialResponse.ForAccessToken(request, new Secret("s3cr3t-token"), Expiry, "entra");

        Assert.DoesNotContain("s3cr3t", response.ToString(), StringComparison.Ordinal);
    }

    private static string Encode(CredentialResponse response) => Encoding.UTF8.GetString(CredentialWriter.Encode(response));
}
