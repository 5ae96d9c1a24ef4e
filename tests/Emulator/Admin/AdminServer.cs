using System.Globalization;
using System.Text.Json.Nodes;
using Emulator.Entra;
using Emulator.Hosting;

namespace Emulator.Admin;

/// <summary>
/// EMULATOR_ADMIN_URL (plain http on 127.0.0.1): counters and the switches tests flip.
/// </summary>
internal static class AdminServer
{
    public static WebApplication Create(EmulatorContext context)
    {
        var app = ServerFactory.Create(tlsCertificate: null);
        var switches = context.Switches;

        app.MapGet("/stats", http => JsonReply.OkAsync(http, context.Stats.ToJson()));
        app.MapPost("/reset-stats", http => Done(http, () => context.Stats.Reset()));
        app.MapPost("/expire-tokens", http => Done(http, context.Ledger.ExpireAll));
        app.MapPost("/revoke-refresh-tokens", http => Done(http, context.RefreshTokens.RevokeAll));
        app.MapPost("/claims-challenge", http => Done(http, () =>
        {
            var interactive = http.Request.Query["interactive"] == "true";
            var notBefore = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            context.Ledger.ChallengeAll();
            switches.ClaimsChallenge = StepUpClaims.ChallengeJson(notBefore, interactive);
        }));
        app.MapPost("/authority-delay", http => WithInteger(http, "ms", ms => switches.AuthorityDelayMs = ms));
        app.MapPost("/device-code-lifetime", http => WithInteger(http, "seconds", seconds => switches.DeviceCodeLifetimeSeconds = seconds));
        app.MapPost("/block-device-code", http => bool.TryParse(http.Request.Query["on"], out var on)
            ? Done(http, () => switches.BlockDeviceCode = on)
            : JsonReply.WriteAsync(http, 400, new JsonObject { ["error"] = "'on' must be true or false" }));
        app.MapPost("/authority-fail", http =>
            http.Request.Query["status"] is var status && int.TryParse(status, out var code) && code is not (0 or (>= 400 and <= 599))
                ? JsonReply.WriteAsync(http, 400, new JsonObject { ["error"] = "'status' must be 0 (restore) or an HTTP error status 400-599" })
                : WithInteger(http, "status", value => switches.AuthorityFailStatus = value));
        app.MapPost("/auto-approve", http =>
        {
            var upn = http.Request.Query["user"].ToString();
            if (upn.Length == 0)
            {
                return Done(http, () => switches.AutoApproveUser = null);
            }

            var user = context.Catalog.FindUser(upn);
            return user is null
                ? JsonReply.WriteAsync(http, 400, new JsonObject { ["error"] = $"unknown user '{upn}'" })
                : Done(http, () => switches.AutoApproveUser = user);
        });
        return app;
    }

    private static Task Done(HttpContext http, Action change)
    {
        change();
        return JsonReply.OkAsync(http, new JsonObject { ["ok"] = true });
    }

    private static Task WithInteger(HttpContext http, string name, Action<int> apply)
    {
        if (!int.TryParse(http.Request.Query[name], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > 600_000)
        {
            return JsonReply.WriteAsync(http, 400, new JsonObject { ["error"] = $"'{name}' must be a whole number (0 to 600000)" });
        }

        return Done(http, () => apply(value));
    }
}
