using System.Text.Json.Nodes;
using Emulator.Hosting;
using Emulator.Model;

namespace Emulator.DevOps;

/// <summary>GET /{org}/_apis/projects: the organization's projects, as the REST API lists them.</summary>
internal static class ProjectsApi
{
    public static Task ListAsync(EmulatorContext context, HttpContext http, Organization organization)
    {
        var projects = new JsonArray();
        foreach (var project in organization.Projects)
        {
            projects.Add(new JsonObject
            {
                ["id"] = project.Id,
                ["name"] = project.Name,
                ["url"] = $"{context.Urls.DevOpsUrl}/{organization.Name}/_apis/projects/{project.Id}",
                ["state"] = "wellFormed",
                ["revision"] = 1,
                ["visibility"] = "private",
                ["lastUpdateTime"] = "2024-01-01T00:00:00Z",
            });
        }

        return JsonReply.OkAsync(http, new JsonObject { ["count"] = projects.Count, ["value"] = projects });
    }
}
