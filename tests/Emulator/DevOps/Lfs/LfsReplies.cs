using System.Text.Json.Nodes;

namespace Emulator.DevOps.Lfs;

/// <summary>Git LFS API bodies: application/vnd.git-lfs+json, errors as {"message", "request_id"} (docs/api/batch.md).</summary>
internal static class LfsReplies
{
    public const string MediaType = "application/vnd.git-lfs+json";

    public static Task JsonAsync(HttpContext http, int status, JsonNode body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = MediaType;
        return http.Response.WriteAsync(body.ToJsonString());
    }

    public static Task ErrorAsync(HttpContext http, int status, string message)
    {
        // Azure DevOps' messages travel in X-TFS-ServiceError too, as on every other answer.
        http.Response.Headers["X-TFS-ServiceError"] = Uri.EscapeDataString(message);
        return JsonAsync(http, status, new JsonObject
        {
            ["message"] = message,
            ["request_id"] = http.TraceIdentifier,
        });
    }

    /// <summary>True when the Accept header asks for the LFS media type, as git-lfs always does.</summary>
    public static bool AcceptsLfsJson(HttpRequest request) =>
        request.Headers.Accept.Any(value => value is not null && value.Split(',').Any(
            part => part.Split(';')[0].Trim().Equals(MediaType, StringComparison.OrdinalIgnoreCase)));
}
