using GitEntraHelper.Protocol;

namespace GitEntraHelper.Tests.Protocol;

public sealed class RoundTripTests
{
    public static TheoryData<string> EveryAttribute() => new()
    {
        "protocol=https\n",
        "host=dev.azure.com:8443\n",
        "path=contoso/my proj/_git/r\n",
        "username=alice@contoso.com\n",
        "password=p=ss word\n",
        "wwwauth[]=Bearer authorization_uri=https://login.microsoftonline.com/x\nwwwauth[]=Basic realm=\"y\"\n",
        "capability[]=authtype\ncapability[]=state\n",
        "authtype=Bearer\n",
        "credential=eyJ.a.b\n",
        "ephemeral=true\n",
        "state[]=entra:1\nstate[]=other:2\n",
        "continue=1\n",
        "password_expiry_utc=1900000000\n",
        "oauth_refresh_token=rt\n",
        "quit=1\n",
        "protocol=https\nhost=h\npath=p\nusername=u\npassword=\ncredential=\n", // empty values are values
        "username=ünïcödé ✓\n",
    };

    [Theory]
    [MemberData(nameof(EveryAttribute))]
    public void Read_write_read_is_identity(string input)
    {
        CredentialRequest first = CredentialReader.Read(input);
        byte[] written = CredentialWriter.Encode(RequestEcho.ToResponse(first));
        CredentialRequest second = CredentialReader.Read(new MemoryStream(written));

        Assert.Equal(RequestEcho.Describe(first), RequestEcho.Describe(second));
        Assert.NotEqual(RequestEcho.Describe(CredentialReader.Read("")), RequestEcho.Describe(first)); // the attribute was really read
    }

    [Fact]
    public void Url_round_trips_through_its_parts()
    {
        CredentialRequest fromUrl = CredentialReader.Read("url=https://alice@dev.azure.com/contoso/demo/_git/demo\n");
        CredentialRequest fromParts = CredentialReader.Read("protocol=https\nhost=dev.azure.com\npath=contoso/demo/_git/demo\nusername=alice\n");

        Assert.Equal(RequestEcho.Describe(fromParts), RequestEcho.Describe(fromUrl));
        Assert.Equal("https://alice@dev.azure.com/contoso/demo/_git/demo", fromUrl.ToUrl());
    }
}
