using System.Security.Cryptography;
using System.Text;
using Emulator.Hosting;

namespace Emulator.Entra.Grants;

/// <summary>grant_type=authorization_code: a single-use code bound to client, redirect URI and PKCE challenge.</summary>
internal static class AuthorizationCodeGrant
{
    public static GrantResult Redeem(EmulatorContext context, GrantRequest request)
    {
        if (request["code"] is not { Length: > 0 } code)
        {
            return EntraError.MissingParameter("code");
        }

        var grant = context.Authorizations.Redeem(code);
        if (grant is null || grant.Request.Client != request.Client)
        {
            return EntraError.InvalidGrant(70000, "The provided authorization code is invalid, expired or was already redeemed.");
        }

        if (!string.Equals(request["redirect_uri"], grant.Request.RedirectUri, StringComparison.Ordinal))
        {
            return EntraError.InvalidGrant(500112,
                $"The reply address '{request["redirect_uri"]}' does not match the reply address '{grant.Request.RedirectUri}' provided when requesting the authorization code.");
        }

        if (grant.Request.CodeChallenge is { } challenge && !VerifierMatches(request["code_verifier"], challenge, grant.Request.CodeChallengeMethod))
        {
            return EntraError.InvalidGrant(501481, "The Code_Verifier does not match the code_challenge supplied in the authorization request.");
        }

        var result = UserTokenResponse.Create(context, request, grant.User, request["scope"] ?? grant.Request.Scope, request["claims"] ?? grant.Request.Claims);
        if (result.Error is null)
        {
            context.Stats.AuthorizationCodeGrant();
        }

        return result;
    }

    private static bool VerifierMatches(string? verifier, string challenge, string? method)
    {
        if (string.IsNullOrEmpty(verifier))
        {
            return false;
        }

        var expected = string.Equals(method, "plain", StringComparison.Ordinal)
            ? verifier
            : UrlSafe.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(challenge));
    }
}
