using System.Globalization;
using System.Text.Json.Nodes;
using Emulator.DevOps;
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

        app.MapGet("/stats", http => JsonReply.OkAsync(http, context.Stats.ToJson(context.Pats.ActiveCount)));
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
        app.MapPost("/authority-fail", http =>
            http.Request.Query["status"] is var status && int.TryParse(status, out var code) && code is not (0 or (>= 400 and <= 599))
                ? JsonReply.WriteAsync(http, 400, new JsonObject { ["error"] = "'status' must be 0 (restore) or an HTTP error status 400-599" })
                : WithInteger(http, "status", value => switches.AuthorityFailStatus = value));
        app.MapPost("/auto-approve", http =>
        {
            var upn = http.Request.Query["user"].ToString();
            if (upn.Length == 0)
            {
                return Done(http, () => switches.AutoApproval = AutoApproval.Off);
            }

            if (upn == "default")
            {
                return Done(http, () => switches.AutoApproval = AutoApproval.ByAuthority); // --auto-approve's rule
            }

            var user = context.Catalog.FindUser(upn);
            return user is null
                ? JsonReply.WriteAsync(http, 400, new JsonObject { ["error"] = $"unknown user '{upn}'" })
                : Done(http, () => switches.AutoApproval = AutoApproval.As(user));
        });
        app.MapPost("/seed-pats", http =>
        {
            if (!int.TryParse(http.Request.Query["count"], NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count is < 1 or > 1000)
            {
                return JsonReply.WriteAsync(http, 400, new JsonObject { ["error"] = "'count' must be a whole number from 1 to 1000" });
            }

            // Like "Pats - Create", the only answer that ever holds the secrets (tests use them as git passwords).
            var created = new JsonArray();
            foreach (var pat in context.Pats.Seed(context.Catalog.User, context.Catalog.Contoso, count))
            {
                created.Add(new JsonObject { ["authorizationId"] = pat.AuthorizationId.ToString(), ["displayName"] = pat.DisplayName, ["token"] = pat.Secret });
            }

            return JsonReply.OkAsync(http, new JsonObject { ["ok"] = true, ["patTokens"] = created });
        });
        app.MapPost("/challenge-shape", http =>
            ChallengeShapes.ByName.TryGetValue(http.Request.Query["shape"].ToString(), out var shape)
                ? Done(http, () => switches.ChallengeShape = shape)
                : JsonReply.WriteAsync(http, 400, new JsonObject { ["error"] = $"'shape' must be one of: {string.Join(", ", ChallengeShapes.ByName.Keys)}" }));
        app.MapPost("/conditional-access", http => http.Request.Query["block"].ToString() switch
        {
            "device-code" => Done(http, () => switches.BlockDeviceCode = true),
            "" => Done(http, () => switches.BlockDeviceCode = false),
            _ => JsonReply.WriteAsync(http, 400, new JsonObject { ["error"] = "'block' must be device-code, or empty to lift the policy" }),
        });
        app.MapPost("/pat-api-refuse", http => http.Request.Query["code"].ToString() switch
        {
            "VS403463" or "TF400813" => Done(http, () => switches.PatApiRefusal = http.Request.Query["code"].ToString()),
            "" => Done(http, () => switches.PatApiRefusal = null),
            _ => JsonReply.WriteAsync(http, 400, new JsonObject { ["error"] = "'code' must be VS403463 or TF400813, or empty to serve again" }),
        });
        app.MapPost("/authorization-endpoint", http =>
            Done(http, () => switches.AuthorizationEndpoint = http.Request.Query["url"].ToString() is { Length: > 0 } url ? url : null));
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
