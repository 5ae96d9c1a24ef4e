namespace Emulator.Entra.Grants;

/// <summary>
/// grant_type=device_code: authorization_pending until approved, slow_down when polled faster
/// than the interval allows, expired_token after the code's lifetime, then one token response.
/// </summary>
internal static class DeviceCodeGrant
{
    public static GrantResult Redeem(EmulatorContext context, GrantRequest request)
    {
        var deviceCode = request["device_code"] ?? request["code"];
        if (string.IsNullOrEmpty(deviceCode))
        {
            return EntraError.MissingParameter("device_code");
        }

        var authorization = context.DeviceCodes.FindByDeviceCode(deviceCode);
        if (authorization is null || authorization.Client != request.Client)
        {
            return EntraError.InvalidGrant(70000, "Provided grant is invalid or malformed.");
        }

        if (authorization.ExpiresAt <= DateTimeOffset.UtcNow)
        {
            return new EntraError(400, "expired_token", 70020, "The provided value for the input parameter 'device_code' is not valid. This device code has expired.");
        }

        if (authorization.Blocked)
        {
            return EntraError.DeviceCodeBlockedByConditionalAccess();
        }

        var tooSoon = authorization.PolledTooSoon();
        if (authorization.ApprovedUser is not { } user)
        {
            return tooSoon
                ? new EntraError(400, "slow_down", 70016, "OAuth 2.0 device flow error. Polling too frequently; slow down.")
                : new EntraError(400, "authorization_pending", 70016, "The provided request has not yet been authorized by the user. The user must input their code.");
        }

        if (!authorization.TryRedeem())
        {
            return EntraError.InvalidGrant(54005, "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.");
        }

        var result = UserTokenResponse.Create(context, request, user, authorization.Scope, authorization.Claims);
        if (result.Error is null)
        {
            context.Stats.DeviceCodeGrant();
        }

        return result;
    }
}
