using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Emulator.Hosting;
using Emulator.Model;

namespace Emulator.DevOps.Pats;

/// <summary>
/// The PAT lifecycle management API at an organization's vssps endpoint,
/// {vssps}/_apis/tokens/pats?api-version=7.1-preview.1 (learn.microsoft.com "Pats", and the
/// MicrosoftDocs/vsts-rest-api-specs tokens.json it is generated from): GET lists the signed-in
/// user's tokens a page at a time (continuationToken in and out, "" on the last page), GET with
/// authorizationId returns one, DELETE with authorizationId revokes one. Only an Entra user token
/// may call it (the docs: "users must provide an AAD access token … instead of a PAT"): a PAT gets
/// the recorded InvalidAccessException, an app token the recorded redirect to the sign-in page.
/// </summary>
internal sealed class PatsApi(EmulatorContext context)
{
    public const int DefaultPageSize = 20; // not documented; $top is capped at 100 ("limit of 100")
    public const int MaximumPageSize = 100;

    public static bool Matches(IReadOnlyList<string> rest) =>
        rest.Count == 3 && Is(rest[0], "_apis") && Is(rest[1], "tokens") && Is(rest[2], "pats");

    public async Task HandleAsync(HttpContext http, Organization organization, Caller caller)
    {
        if (caller.IsPat)
        {
            await VssError.NotAllowedAsync(http);
            return;
        }

        if (caller.IsApp)
        {
            await SignInRedirect.WriteAsync(context, http);
            return;
        }

        if (context.Switches.PatApiRefusal is { } code)
        {
            // As Azure DevOps words them (VssError's sources): a Conditional Access policy, or not a member.
            await DevOpsReplies.TextAsync(http, StatusCodes.Status401Unauthorized, code == "VS403463"
                ? "VS403463: The conditional access policy defined by your Azure AD administrator has failed."
                : DevOpsReplies.NoAccess(caller));
            return;
        }

        if (ApiVersion.Check(http.Request) is { } versionProblem)
        {
            await versionProblem(http);
            return;
        }

        var query = http.Request.Query;
        var method = http.Request.Method;
        if (HttpMethods.IsGet(method) && query.ContainsKey("authorizationId"))
        {
            await GetAsync(http, organization, caller, query["authorizationId"].ToString());
        }
        else if (HttpMethods.IsGet(method))
        {
            await ListAsync(http, organization, caller);
        }
        else if (HttpMethods.IsDelete(method))
        {
            await RevokeAsync(http, organization, caller, query["authorizationId"].ToString());
        }
        else
        {
            await DevOpsReplies.TextAsync(http, StatusCodes.Status405MethodNotAllowed, $"The requested resource does not support http method '{method}'.");
        }
    }

    private async Task ListAsync(HttpContext http, Organization organization, Caller caller)
    {
        var query = http.Request.Query;
        var filter = (query["displayFilterOption"].FirstOrDefault() ?? "active").ToLowerInvariant();
        var sort = query["sortByOption"].FirstOrDefault() ?? "displayName";
        var ascending = !bool.TryParse(query["isSortAscending"].FirstOrDefault(), out var asc) || asc;
        var top = DefaultPageSize;
        if (query["$top"].FirstOrDefault() is { } topText
            && (!int.TryParse(topText, NumberStyles.None, CultureInfo.InvariantCulture, out top) || top is < 1 or > MaximumPageSize))
        {
            await BadRequestAsync(http, $"The value of $top must be between 1 and {MaximumPageSize}.");
            return;
        }

        if (filter is not ("active" or "revoked" or "expired" or "all") || sort is not ("displayName" or "displayDate" or "status"))
        {
            await BadRequestAsync(http, "displayFilterOption must be active, revoked, expired or all; sortByOption displayName, displayDate or status.");
            return;
        }

        // The token says where the next page starts and for which options ("subsequent calls require
        // the same filtering options"); it is opaque to clients.
        var options = $"{filter}|{sort}|{ascending}";
        var offset = 0;
        if (query["continuationToken"].FirstOrDefault() is { Length: > 0 } continuation && !TryReadContinuation(continuation, options, out offset))
        {
            await BadRequestAsync(http, "The continuation token is not valid for these filtering options.");
            return;
        }

        var now = DateTimeOffset.UtcNow;
        var tokens = context.Pats.OwnedBy(caller.ObjectId, organization.Id)
            .Where(t => filter == "all" || t.StateAt(now).ToString().Equals(filter, StringComparison.OrdinalIgnoreCase));
        var sorted = sort switch
        {
            "displayDate" => ascending ? tokens.OrderBy(t => t.ValidTo) : tokens.OrderByDescending(t => t.ValidTo),
            "status" => ascending ? tokens.OrderBy(t => t.StateAt(now)) : tokens.OrderByDescending(t => t.StateAt(now)),
            _ => ascending ? tokens.OrderBy(t => t.DisplayName, StringComparer.Ordinal) : tokens.OrderByDescending(t => t.DisplayName, StringComparer.Ordinal),
        };
        var ordered = sorted.ThenBy(t => t.AuthorizationId).ToList();
        var page = ordered.Skip(offset).Take(top).ToList();
        var next = offset + page.Count < ordered.Count ? WriteContinuation(offset + page.Count, options) : string.Empty;

        var list = new JsonArray();
        foreach (var token in page)
        {
            list.Add(ToJson(token));
        }

        await JsonReply.OkAsync(http, new JsonObject { ["continuationToken"] = next, ["patTokens"] = list });
    }

    private async Task GetAsync(HttpContext http, Organization organization, Caller caller, string id)
    {
        if (!Guid.TryParse(id, out var authorizationId))
        {
            await ResultAsync(http, StatusCodes.Status400BadRequest, null, "invalidAuthorizationId");
            return;
        }

        var token = context.Pats.OwnedBy(caller.ObjectId, organization.Id).FirstOrDefault(t => t.AuthorizationId == authorizationId);
        await (token is null
            ? ResultAsync(http, StatusCodes.Status404NotFound, null, "authorizationNotFound")
            : ResultAsync(http, StatusCodes.Status200OK, ToJson(token), "none"));
    }

    private async Task RevokeAsync(HttpContext http, Organization organization, Caller caller, string id)
    {
        if (!Guid.TryParse(id, out var authorizationId))
        {
            await ResultAsync(http, StatusCodes.Status400BadRequest, null, "invalidAuthorizationId");
            return;
        }

        if (!context.Pats.Revoke(caller.ObjectId, organization.Id, authorizationId))
        {
            await ResultAsync(http, StatusCodes.Status404NotFound, null, "authorizationNotFound");
            return;
        }

        http.Response.StatusCode = StatusCodes.Status200OK; // the documented answer: 200, no body
    }

    /// <summary>A PatToken as the API lists it; the secret ("token") is never returned after creation.</summary>
    private static JsonObject ToJson(PersonalAccessToken token) => new()
    {
        ["authorizationId"] = token.AuthorizationId.ToString(),
        ["displayName"] = token.DisplayName,
        ["scope"] = token.Scope,
        ["targetAccounts"] = new JsonArray(token.OrganizationId),
        ["token"] = null,
        ["validFrom"] = Timestamp(token.ValidFrom),
        ["validTo"] = Timestamp(token.ValidTo),
    };

    /// <summary>As the API writes times: "2020-11-23T04:04:38.5233333Z" (fraction trimmed).</summary>
    private static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    private static Task ResultAsync(HttpContext http, int status, JsonObject? token, string error) =>
        JsonReply.WriteAsync(http, status, new JsonObject { ["patToken"] = token, ["patTokenError"] = error });

    private static Task BadRequestAsync(HttpContext http, string message) =>
        VssError.WriteAsync(http, StatusCodes.Status400BadRequest, message, "ArgumentException", "System");

    private static string WriteContinuation(int offset, string options) =>
        UrlSafe.Encode(Encoding.UTF8.GetBytes($"{offset.ToString(CultureInfo.InvariantCulture)}|{options}"));

    private static bool TryReadContinuation(string token, string options, out int offset)
    {
        offset = 0;
        try
        {
            var text = Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(token));
            var bar = text.IndexOf('|', StringComparison.Ordinal);
            return bar > 0 && text[(bar + 1)..] == options
                   && int.TryParse(text[..bar], NumberStyles.None, CultureInfo.InvariantCulture, out offset);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static bool Is(string segment, string name) => segment.Equals(name, StringComparison.OrdinalIgnoreCase);
}
