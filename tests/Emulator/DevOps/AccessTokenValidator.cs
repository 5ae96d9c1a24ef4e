using System.Text;
using Emulator.DevOps.Pats;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Emulator.DevOps;

/// <summary>
/// Reads the caller's credential from Authorization (Bearer, or Basic with the token as password) and
/// validates it as Azure DevOps does: an Entra JWT by signature (JWKS key), audience, issuer, lifetime
/// and the emulator's expire-tokens switch; any other Basic password as a personal access token.
/// </summary>
internal sealed class AccessTokenValidator(EmulatorContext context)
{
    private static readonly JsonWebTokenHandler Handler = new();

    public async Task<(Caller? Caller, TokenProblem Problem)> ValidateAsync(HttpRequest request)
    {
        var (scheme, token) = ReadCredential(request.Headers.Authorization.ToString());
        if (token is null)
        {
            return (null, TokenProblem.Missing);
        }

        if (!Handler.CanReadToken(token))
        {
            return scheme == "Basic" ? ValidatePersonalAccessToken(token) : (null, TokenProblem.Malformed);
        }

        var result = await Handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKey = context.EntraKey.Key,
            ValidIssuers = context.Catalog.Tenants.Select(t => context.Urls.EntraIssuer(t.Id)).ToList(),
            ValidAudience = Model.WellKnown.AzureDevOpsResource,
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.FromMinutes(1),
        });
        if (!result.IsValid)
        {
            return (null, result.Exception switch
            {
                SecurityTokenExpiredException => TokenProblem.Expired,
                SecurityTokenInvalidAudienceException => TokenProblem.WrongAudience,
                SecurityTokenInvalidIssuerException => TokenProblem.WrongIssuer,
                SecurityTokenMalformedException or ArgumentException => TokenProblem.Malformed,
                _ => TokenProblem.BadSignature,
            });
        }

        var jwt = (JsonWebToken)result.SecurityToken;
        var uti = Claim(jwt, "uti");
        if (uti is null || context.Ledger.IsExpired(uti))
        {
            return (null, TokenProblem.Expired);
        }

        var isApp = Claim(jwt, "idtyp") == "app";
        var name = isApp ? Claim(jwt, "azp") : Claim(jwt, "upn") ?? Claim(jwt, "preferred_username");
        return (new Caller(Claim(jwt, "oid") ?? string.Empty, Claim(jwt, "tid") ?? string.Empty, name ?? string.Empty, uti, isApp, scheme!), TokenProblem.None);
    }

    private (Caller?, TokenProblem) ValidatePersonalAccessToken(string secret)
    {
        var pat = context.Pats.FindBySecret(secret);
        if (pat is null)
        {
            return (null, TokenProblem.Malformed);
        }

        switch (pat.StateAt(DateTimeOffset.UtcNow))
        {
            case PatState.Revoked:
                return (null, TokenProblem.PatRevoked);
            case PatState.Expired:
                return (null, TokenProblem.PatExpired);
        }

        var owner = context.Catalog.Users.First(u => u.ObjectId == pat.OwnerObjectId);
        return (new Caller(owner.ObjectId, owner.AccessTokenTenant.Id, owner.Upn, Uti: null, IsApp: false, "Basic")
        {
            PatOrganizationId = pat.OrganizationId,
        }, TokenProblem.None);
    }

    /// <summary>Bearer &lt;token&gt;, or Basic base64(anything:token) as git &lt; 2.46 sends it.</summary>
    private static (string? Scheme, string? Token) ReadCredential(string authorization)
    {
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return ("Bearer", authorization["Bearer ".Length..].Trim() is { Length: > 0 } bearer ? bearer : null);
        }

        if (authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var pair = Encoding.UTF8.GetString(Convert.FromBase64String(authorization["Basic ".Length..].Trim()));
                var colon = pair.IndexOf(':', StringComparison.Ordinal);
                return ("Basic", colon >= 0 && pair[(colon + 1)..] is { Length: > 0 } password ? password : null);
            }
            catch (FormatException)
            {
                return ("Basic", null);
            }
        }

        return (null, null);
    }

    private static string? Claim(JsonWebToken jwt, string name) =>
        jwt.TryGetPayloadValue<string>(name, out var value) ? value : null;
}
