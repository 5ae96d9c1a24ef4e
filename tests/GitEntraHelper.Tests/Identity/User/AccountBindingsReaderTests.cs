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

    // Found by fuzz/ account-bindings: Utf8JsonReader reports these as InvalidOperationException, which
    // escaped the store's JsonException handler and failed the git command.
    [Theory]
    [InlineData("{\"organizations\": [{\"organization\": \"o\x8Eo\"}]}")] // invalid UTF-8 in a value
    [InlineData("{\"organizations\": [{\"username\": \"ali\xC3\"}]}")]
    [InlineData("{\"organi\\ud800s\": []}")] // a lone surrogate in a property name
    [InlineData("{\"organizations\": [{\"tenantId\": \"\\udc00\"}]}")] // and in a value
    public void Text_that_is_not_valid_UTF_8_or_UTF_16_is_a_json_exception(string latin1) =>
        Assert.ThrowsAny<JsonException>(() => AccountBindingsReader.Read(Encoding.Latin1.GetBytes(latin1)));
}
