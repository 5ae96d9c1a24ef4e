using System.Text.Json.Nodes;
using Emulator.Hosting;

namespace Emulator.DevOps;

/// <summary>
/// Azure DevOps REST errors: {"$id", "innerException", "message", "typeName", "typeKey", "errorCode",
/// "eventId"}, as recorded e.g. in vsts-rest-api-specs#571 (InvalidAccessException from the PAT API).
/// </summary>
internal static class VssError
{
    public static Task WriteAsync(HttpContext http, int status, string message, string typeKey, string typeNamespace)
    {
        http.Response.Headers["X-TFS-ServiceError"] = Uri.EscapeDataString(message);
        return JsonReply.WriteAsync(http, status, new JsonObject
        {
            ["$id"] = "1",
            ["innerException"] = null,
            ["message"] = message,
            ["typeName"] = $"{typeNamespace}.{typeKey}, {typeNamespace}",
            ["typeKey"] = typeKey,
            ["errorCode"] = 0,
            ["eventId"] = 3000,
        });
    }

    /// <summary>What the PAT API answers a personal access token: the recorded InvalidAccessException.</summary>
    public static Task NotAllowedAsync(HttpContext http) =>
        WriteAsync(http, StatusCodes.Status403Forbidden, "The requested operation is not allowed.",
            "InvalidAccessException", "Microsoft.TeamFoundation.Framework.Server");
}
