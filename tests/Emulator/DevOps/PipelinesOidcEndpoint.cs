using System.Text.Json.Nodes;
using Emulator.Hosting;
using Emulator.Model;

namespace Emulator.DevOps;

/// <summary>
/// Azure Pipelines' OIDC token endpoint (SYSTEM_OIDCREQUESTURI): POST {uri}?api-version=7.1&amp;serviceConnectionId=ID
/// with "Authorization: Bearer $SYSTEM_ACCESSTOKEN" → {"oidcToken": jwt} for the service connection.
/// </summary>
internal static class PipelinesOidcEndpoint
{
    // /{org}/{projectId}/_apis/distributedtask/hubs/build/plans/{planId}/jobs/{jobId}/oidctoken
    public static bool Matches(string[] segments) =>
        segments.Length == 11 && segments[2] == "_apis" && segments[3] == "distributedtask" && segments[10] == "oidctoken";

    public static string RequestUri(EmulatorContext context, Organization organization) =>
        $"{context.Urls.DevOpsUrl}/{organization.Name}/{organization.Projects[0].Id}/_apis/distributedtask/hubs/build/plans/{Guid.NewGuid()}/jobs/{Guid.NewGuid()}/oidctoken";

    public static Task HandleAsync(EmulatorContext context, HttpContext http, Organization organization)
    {
        if (!HttpMethods.IsPost(http.Request.Method))
        {
            return DevOpsReplies.TextAsync(http, StatusCodes.Status405MethodNotAllowed, "The requested resource does not support http method '" + http.Request.Method + "'.");
        }

        var authorization = http.Request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || authorization[7..].Trim() != context.PipelinesAccessToken)
        {
            return DevOpsReplies.TextAsync(http, StatusCodes.Status401Unauthorized, DevOpsReplies.Anonymous);
        }

        var serviceConnectionId = http.Request.Query["serviceConnectionId"].ToString();
        if (!string.Equals(serviceConnectionId, context.Catalog.PipelinesServiceConnectionId, StringComparison.OrdinalIgnoreCase))
        {
            return DevOpsReplies.TextAsync(http, StatusCodes.Status404NotFound,
                $"The service connection with id '{serviceConnectionId}' does not exist or has not been authorized for use.");
        }

        var project = organization.Projects[0];
        var token = context.Issuers.Pipelines(organization.Id).Mint(
            $"sc://{organization.Name}/{project.Name}/{WellKnown.PipelinesServiceConnectionName}",
            WellKnown.TokenExchangeAudience,
            TimeSpan.FromMinutes(10));
        return JsonReply.OkAsync(http, new JsonObject { ["oidcToken"] = token });
    }
}
