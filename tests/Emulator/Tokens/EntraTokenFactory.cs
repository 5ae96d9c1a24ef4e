using System.Text.Json.Nodes;
using Emulator.Hosting;
using Emulator.Model;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Emulator.Tokens;

internal sealed record IssuedToken(string Value, DateTimeOffset ExpiresOn);

/// <summary>
/// Mints the JWTs Entra would: v2.0 access tokens (aud = resource id, tid, oid, upn/preferred_username
/// or idtyp=app, scp, uti) and id tokens (aud = client id), all RS256 with the published key. A
/// Microsoft account's id token and client_info name its home (consumer) tenant, its access tokens the
/// MSA transfer tenant (README, "Microsoft accounts").
/// </summary>
internal sealed class EntraTokenFactory(EndpointUrls urls, SigningKey key, TokenLedger ledger)
{
    public static readonly TimeSpan AccessTokenLifetime = TimeSpan.FromHours(1);
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    public SigningKey Key => key;

    public IssuedToken CreateAccessToken(TokenSubject subject, string audience, IReadOnlyList<string> scopes, IReadOnlyList<string> clientCapabilities)
    {
        var now = DateTime.UtcNow;
        var expires = now.Add(AccessTokenLifetime);
        var uti = UrlSafe.RandomToken(16);
        var claims = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["tid"] = subject.Tenant.Id,
            ["oid"] = subject.ObjectId,
            ["azp"] = subject.Client.ClientId,
            ["azpacr"] = ((int)subject.Authentication).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["uti"] = uti,
            ["ver"] = "2.0",
            ["rh"] = "0.emulator",
        };
        if (subject.User is { } user)
        {
            claims["sub"] = PairwiseSubject(user.ObjectId, subject.Client.ClientId);
            claims["upn"] = user.Upn;
            claims["preferred_username"] = user.Upn;
            claims["name"] = user.DisplayName;
            claims["idtyp"] = "user";
            claims["scp"] = string.Join(' ', scopes);
            if (user.IsMicrosoftAccount)
            {
                // Entra's access token reference: a personal account used in an organizational context has idp live.com.
                claims["idp"] = "live.com";
            }
        }
        else
        {
            claims["sub"] = subject.ObjectId;
            claims["idtyp"] = "app";
            claims["appid"] = subject.Client.ClientId;
            if (subject.Client.ManagedIdentityResourceId is { } resourceId)
            {
                claims["xms_mirid"] = resourceId;
            }
        }

        if (clientCapabilities.Count > 0)
        {
            claims["xms_cc"] = clientCapabilities.ToList();
        }

        var token = Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = urls.EntraIssuer(subject.Tenant.Id),
            Audience = audience,
            IssuedAt = now,
            NotBefore = now.AddMinutes(-5),
            Expires = expires,
            Claims = claims,
            SigningCredentials = key.Credentials,
        });
        ledger.Record(uti);
        return new IssuedToken(token, new DateTimeOffset(expires));
    }

    public string CreateIdToken(User user, string clientId, string? nonce)
    {
        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["tid"] = user.Tenant.Id,
            ["oid"] = user.ObjectId,
            ["sub"] = PairwiseSubject(user.ObjectId, clientId),
            ["preferred_username"] = user.Upn,
            ["name"] = user.DisplayName,
            ["ver"] = "2.0",
        };
        if (!string.IsNullOrEmpty(nonce))
        {
            claims["nonce"] = nonce;
        }

        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = urls.EntraIssuer(user.Tenant.Id),
            Audience = clientId,
            IssuedAt = now,
            NotBefore = now.AddMinutes(-5),
            Expires = now.Add(AccessTokenLifetime),
            Claims = claims,
            SigningCredentials = key.Credentials,
        });
    }

    /// <summary>MSAL's account key: base64url JSON with the user's object id and home tenant.</summary>
    public static string ClientInfo(User user) =>
        UrlSafe.Encode(new JsonObject { ["uid"] = user.ObjectId, ["utid"] = user.Tenant.Id }.ToJsonString());

    private static string PairwiseSubject(string objectId, string clientId) => UrlSafe.Sha256(objectId + "|" + clientId)[..43];
}
