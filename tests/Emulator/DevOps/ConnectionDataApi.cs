using System.Text.Json.Nodes;
using Emulator.Hosting;
using Emulator.Model;

namespace Emulator.DevOps;

/// <summary>
/// GET /{org}/_apis/connectionData: who the caller is, as Azure DevOps answers every client's first call
/// (azure-devops-node-api's WebApi.connect). A caller the organization refuses never gets here: the
/// authentication step answers 401 with TF400813 / TF401444 in the body and X-TFS-ServiceError, as
/// recorded in Git-Credential-Manager-for-Windows#647 and azure-devops-cli-extension#807.
/// </summary>
internal static class ConnectionDataApi
{
    public static bool Matches(string[] segments) =>
        segments.Length == 3 && segments[1] == "_apis" && string.Equals(segments[2], "connectionData", StringComparison.OrdinalIgnoreCase);

    public static Task ReplyAsync(HttpContext http, Organization organization, Caller caller)
    {
        JsonObject Identity() => new()
        {
            ["id"] = caller.ObjectId,
            ["descriptor"] = $"Microsoft.IdentityModel.Claims.ClaimsIdentity;{caller.TenantId}\\{caller.DisplayName}",
            ["providerDisplayName"] = caller.DisplayName,
            ["isActive"] = true,
        };

        return JsonReply.OkAsync(http, new JsonObject
        {
            ["authenticatedUser"] = Identity(),
            ["authorizedUser"] = Identity(),
            ["instanceId"] = organization.Id,
            ["deploymentType"] = "hosted",
        });
    }
}
