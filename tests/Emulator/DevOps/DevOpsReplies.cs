using Emulator.Model;

namespace Emulator.DevOps;

/// <summary>
/// Azure DevOps' answers to callers it will not serve: the 401 challenge (Bearer with the
/// tenant's authorization_uri, Basic realm, X-VSS-ResourceTenant) and TF/VS-coded messages in a
/// text/plain body, which git shows as "remote: ..." lines.
/// </summary>
internal sealed class DevOpsReplies(EmulatorContext context)
{
    public Task ChallengeAsync(HttpContext http, Organization organization, string message, string? claims = null)
    {
        var bearer = $"Bearer authorization_uri={context.Urls.AuthorityHost}{organization.Tenant.Id}";
        if (claims is not null)
        {
            bearer = $"Bearer authorization_uri=\"{context.Urls.AuthorityHost}{organization.Tenant.Id}\", error=\"insufficient_claims\", claims=\"{Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(claims))}\"";
        }

        http.Response.Headers.Append("WWW-Authenticate", bearer);
        http.Response.Headers.Append("WWW-Authenticate", $"Basic realm=\"{context.Urls.DevOpsHostUrl}\"");
        http.Response.Headers.Append("WWW-Authenticate", "TFS-Federated");
        http.Response.Headers["X-VSS-ResourceTenant"] = organization.Tenant.Id;
        return TextAsync(http, StatusCodes.Status401Unauthorized, message);
    }

    public static Task TextAsync(HttpContext http, int status, string message)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/plain; charset=utf-8";
        // The message also travels in a header, as Azure DevOps does, for clients that hide bodies.
        http.Response.Headers["X-TFS-ServiceError"] = Uri.EscapeDataString(message);
        return http.Response.WriteAsync(message + "\n");
    }

    public static string Anonymous => "TF400813: Resource not available for anonymous access. Client authentication required.";

    public string NotAuthorized(string url) => $"VS30063: You are not authorized to access {url}.";

    public static string NoAccess(Caller caller) => $"TF400813: The user '{caller.TenantId}\\{caller.DisplayName}' is not authorized to access this resource.";

    public static string NeverSignedIn(Caller caller) => $"TF401444: Please sign-in at least once as {caller.TenantId}\\{caller.DisplayName} in a web browser to enable access to the service.";

    public static string UnknownProject(string project) =>
        $"VS800075: The project with id 'vstfs:///Classification/TeamProject/{project}' does not exist, or you do not have permission to access it.";

    public static string UnknownRepository(string repository) =>
        $"TF401019: The Git repository with name or identifier {repository} does not exist or you do not have permissions for the operation you are attempting.";
}
