using System.Text.Json.Nodes;
using Emulator.Model;
using Emulator.Tokens;

namespace Emulator.Entra;

/// <summary>
/// The token response for a signed-in user: Bearer access token, rotated refresh token, id token
/// and client_info, with expires_in / ext_expires_in as Entra sends them.
/// </summary>
internal static class UserTokenResponse
{
    public static GrantResult Create(EmulatorContext context, GrantRequest request, User user, string scope, string? claims)
    {
        if (TenantResolver.CheckUser(user, request.TenantSegment, request.Tenant, request.Client) is { } wrongTenant)
        {
            return wrongTenant;
        }

        var scopes = ScopeRequest.Parse(scope, out var scopeError);
        if (scopes is null)
        {
            return scopeError!;
        }

        var claimsRequest = ClaimsRequest.Parse(claims, out var claimsError);
        if (claimsRequest is null)
        {
            return claimsError!;
        }

        var subject = TokenSubject.ForUser(user, request.Client);
        var accessToken = context.Tokens.CreateAccessToken(subject, scopes.Audience, scopes.GrantedPermissions, claimsRequest.ClientCapabilities);
        var expiresIn = Math.Max(0, (long)(accessToken.ExpiresOn - DateTimeOffset.UtcNow).TotalSeconds);

        var response = new JsonObject
        {
            ["token_type"] = "Bearer",
            ["scope"] = scopes.ResponseScope,
            ["expires_in"] = expiresIn,
            ["ext_expires_in"] = expiresIn,
            ["access_token"] = accessToken.Value,
        };
        // Entra always returns a refresh token to public clients that ask for offline_access.
        if (scopes.OfflineAccess || request.Client.IsPublicClient)
        {
            response["refresh_token"] = context.RefreshTokens.Issue(new RefreshGrant(user, request.Client.ClientId));
        }

        if (scopes.OpenId)
        {
            response["id_token"] = context.Tokens.CreateIdToken(user, request.Client.ClientId, nonce: null);
        }

        if (request["client_info"] == "1")
        {
            response["client_info"] = EntraTokenFactory.ClientInfo(user);
        }

        return response;
    }
}
