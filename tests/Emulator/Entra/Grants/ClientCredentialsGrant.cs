using System.Text.Json.Nodes;
using Emulator.Tokens;

namespace Emulator.Entra.Grants;

/// <summary>grant_type=client_credentials: an app token for "{resource}/.default", after the client proves itself.</summary>
internal static class ClientCredentialsGrant
{
    public static async Task<GrantResult> RedeemAsync(EmulatorContext context, GrantRequest request)
    {
        var (how, authError) = await ClientAuthenticator.AuthenticateAsync(context, request);
        if (authError is not null)
        {
            return authError;
        }

        var scope = request["scope"];
        var scopes = ScopeRequest.Parse(scope, out var scopeError);
        if (scopes is null)
        {
            return scopeError!;
        }

        if (!scopes.IsDefault || scopes.ResourceScopes.Count != 1)
        {
            return new EntraError(400, "invalid_scope", 1002012,
                $"The provided value for scope {scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).");
        }

        var claims = ClaimsRequest.Parse(request["claims"], out var claimsError);
        if (claims is null)
        {
            return claimsError!;
        }

        var token = context.Tokens.CreateAccessToken(TokenSubject.ForApp(request.Client, how), scopes.Audience, [], claims.ClientCapabilities);
        var expiresIn = Math.Max(0, (long)(token.ExpiresOn - DateTimeOffset.UtcNow).TotalSeconds);
        context.Stats.ClientCredentialsGrant();
        return new JsonObject
        {
            ["token_type"] = "Bearer",
            ["expires_in"] = expiresIn,
            ["ext_expires_in"] = expiresIn,
            ["access_token"] = token.Value,
        };
    }
}
