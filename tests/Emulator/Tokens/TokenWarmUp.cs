using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Emulator.Tokens;

/// <summary>Signs and validates one throw-away JWT so the first real request does not pay for cold code.</summary>
internal static class TokenWarmUp
{
    public static async Task RunAsync(SigningKey key)
    {
        var handler = new JsonWebTokenHandler();
        var token = handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "urn:warm-up",
            Audience = "urn:warm-up",
            Claims = new Dictionary<string, object> { ["sub"] = "warm-up" },
            SigningCredentials = key.Credentials,
        });
        await handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = "urn:warm-up",
            ValidAudience = "urn:warm-up",
            IssuerSigningKey = key.Key,
        });
    }
}
