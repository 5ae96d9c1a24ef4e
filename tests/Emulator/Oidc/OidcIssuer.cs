using Emulator.Tokens;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Emulator.Oidc;

/// <summary>An external OpenID Connect issuer (GitHub Actions, Azure Pipelines, Kubernetes) that mints workload tokens.</summary>
internal sealed class OidcIssuer(string issuerUrl, SigningKey key)
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    public string IssuerUrl { get; } = issuerUrl;
    public SigningKey Key { get; } = key;

    public string Mint(string subject, string audience, TimeSpan lifetime, IReadOnlyDictionary<string, object>? extraClaims = null)
    {
        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["sub"] = subject,
            ["jti"] = Guid.NewGuid().ToString(),
        };
        if (extraClaims is not null)
        {
            foreach (var (name, value) in extraClaims)
            {
                claims[name] = value;
            }
        }

        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = IssuerUrl,
            Audience = audience,
            IssuedAt = now,
            NotBefore = now.AddSeconds(-5),
            Expires = now.Add(lifetime),
            Claims = claims,
            SigningCredentials = Key.Credentials,
        });
    }

}
