using System.Text;
using System.Text.Json;
using GitEntraHelper.Identity.User;

namespace GitEntraHelper.Tests.Identity.User;

public sealed class AccountBindingsReaderTests
{
    [Fact]
    public void Reads_every_field_the_serializer_writes()
    {
        var everything = new AccountBinding("contoso", "alice@contoso.com", "oid.tid", "tid", Implicit: true, ViaBroker: true,
            RejectedToken: "fingerprint", PendingClaims: "{\"access_token\":{}}", RefusedUsername: "bob@contoso.com");
        var minimal = new AccountBinding("fabrikam", null);
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(
            new AccountBindingsDocument { Organizations = [everything, minimal] }, AccountBindingJsonContext.Default.AccountBindingsDocument);

        Assert.Equal([everything, minimal], AccountBindingsReader.Read(json));
    }

    [Fact]
    public void Skips_unknown_properties_and_accepts_nulls()
    {
        string json = """
            {"future": {"nested": [1, 2]}, "version": 2, "organizations": [
              {"organization": "contoso", "extra": [true], "username": null, "implicit": false}
            ]}
            """;

        Assert.Equal([new AccountBinding("contoso", null)], AccountBindingsReader.Read(Encoding.UTF8.GetBytes(json)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{\"organizations\": {}}")]
    [InlineData("{\"organizations\": [{\"organization\": 3}]}")]
    [InlineData("{\"organizations\": [{\"implicit\": \"yes\"}]}")]
    [InlineData("{\"organizations\": [{\"organization\": \"contoso\"")]
    public void Malformed_input_is_a_json_exception(string json) =>
        Assert.ThrowsAny<JsonException>(() => AccountBindingsReader.Read(Encoding.UTF8.GetBytes(json)));
}
