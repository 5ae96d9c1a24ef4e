using System.Text.Json.Nodes;

namespace Emulator.Hosting;

/// <summary>Writes JSON bodies built with JsonObject (no reflection-based serialization).</summary>
internal static class JsonReply
{
    public static Task WriteAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store, no-cache";
        context.Response.Headers.Pragma = "no-cache";
        return context.Response.WriteAsync(body.ToJsonString());
    }

    public static Task OkAsync(HttpContext context, JsonNode body) => WriteAsync(context, StatusCodes.Status200OK, body);
}
