using Emulator.Tokens;

namespace Emulator.Entra.Grants;

/// <summary>grant_type=refresh_token: a new access token (any resource) and a rotated refresh token.</summary>
internal static class RefreshTokenGrant
{
    public static GrantResult Redeem(EmulatorContext context, GrantRequest request)
    {
        if (request["refresh_token"] is not { Length: > 0 } refreshToken)
        {
            return EntraError.MissingParameter("refresh_token");
        }

        switch (context.RefreshTokens.Find(refreshToken, out var grant))
        {
            case RefreshLookup.Revoked:
                return EntraError.InvalidGrant(50173,
                    "The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password.");
            case RefreshLookup.Unknown:
                return EntraError.InvalidGrant(9002313, "Invalid request. Request is malformed or invalid.");
        }

        if (!string.Equals(grant!.ClientId, request.Client.ClientId, StringComparison.OrdinalIgnoreCase))
        {
            return EntraError.InvalidGrant(700005, "Provided Authorization Code is intended to use against other client.");
        }

        if (StepUpClaims.RequireInteraction(request["claims"]) is { } interactionRequired)
        {
            return interactionRequired;
        }

        var result = UserTokenResponse.Create(context, request, grant.User, request["scope"] ?? string.Empty, request["claims"]);
        if (result.Error is null)
        {
            context.Stats.RefreshTokenGrant();
        }

        return result;
    }
}
