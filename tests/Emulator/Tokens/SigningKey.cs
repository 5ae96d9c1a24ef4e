using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Emulator.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace Emulator.Tokens;

/// <summary>An RSA key that signs JWTs (RS256) and is published as a JWK.</summary>
internal sealed class SigningKey
{
    private SigningKey(RsaSecurityKey key) => Key = key;

    public RsaSecurityKey Key { get; }

    public SigningCredentials Credentials => new(Key, SecurityAlgorithms.RsaSha256);

    public static SigningKey Create()
    {
        var rsa = RSA.Create(2048);
        return new SigningKey(new RsaSecurityKey(rsa) { KeyId = UrlSafe.RandomToken(20) });
    }

    public JsonObject ToJwk()
    {
        var parameters = Key.Rsa.ExportParameters(includePrivateParameters: false);
        return new JsonObject
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["alg"] = "RS256",
            ["kid"] = Key.KeyId,
            ["n"] = UrlSafe.Encode(parameters.Modulus),
            ["e"] = UrlSafe.Encode(parameters.Exponent),
        };
    }

    public JsonObject ToJwks() => new() { ["keys"] = new JsonArray(ToJwk()) };
}
