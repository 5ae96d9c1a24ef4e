using System.Text;
using Emulator.Model;

namespace Emulator.DevOps;

/// <summary>
/// Azure DevOps' answers to callers it will not serve: the 401 challenge (WWW-Authenticate Bearer,
/// Basic realm and TFS-Federated; X-VSS-ResourceTenant; X-VSS-AuthorizationEndpoint) and TF/VS-coded
/// messages in a text/plain body, which git shows as "remote: ..." lines. Entra-backed organizations
/// word the challenge as the challenge-shape switch says; Microsoft-account ones send a bare Bearer.
/// </summary>
internal sealed class DevOpsReplies(EmulatorContext context)
{
    /// <summary>401 with the challenge headers and <paramref name="message"/> in git's text/plain form.</summary>
    public Task ChallengeAsync(HttpContext http, Organization organization, string message, string? claims = null)
    {
        WriteChallengeHeaders(http, organization, claims);
        return TextAsync(http, StatusCodes.Status401Unauthorized, message);
    }

    public void WriteChallengeHeaders(HttpContext http, Organization organization, string? claims = null)
    {
        var headers = http.Response.Headers;
        var basic = $"Basic realm=\"{context.Urls.DevOpsHostUrl}\"";
        var authorizationUri = context.Urls.AuthorityHost + organization.Tenant.Id;
        if (organization.IsBackedByMicrosoftAccounts)
        {
            // No tenant to name: a bare Bearer, and the zero GUID as resource tenant (public capture in README).
            headers.Append("WWW-Authenticate", basic);
            headers.Append("WWW-Authenticate", "Bearer");
            headers.Append("WWW-Authenticate", "TFS-Federated");
            headers["X-VSS-ResourceTenant"] = organization.ResourceTenantId;
        }
        else if (claims is not null)
        {
            headers.Append("WWW-Authenticate",
                $"Bearer authorization_uri=\"{authorizationUri}\", error=\"insufficient_claims\", claims=\"{Convert.ToBase64String(Encoding.UTF8.GetBytes(claims))}\"");
            headers.Append("WWW-Authenticate", basic);
            headers.Append("WWW-Authenticate", "TFS-Federated");
            headers["X-VSS-ResourceTenant"] = organization.ResourceTenantId;
        }
        else
        {
            WriteShapedChallenge(headers, context.Switches.ChallengeShape, authorizationUri, basic, organization.ResourceTenantId);
        }

        headers["X-VSS-AuthorizationEndpoint"] = context.Switches.AuthorizationEndpoint ?? context.Urls.VsspsUrl(organization.Name);
    }

    private static void WriteShapedChallenge(IHeaderDictionary headers, ChallengeShape shape, string authorizationUri, string basic, string tenant)
    {
        switch (shape)
        {
            case ChallengeShape.Quoted:
                headers.Append("WWW-Authenticate", $"Bearer authorization_uri=\"{authorizationUri}\"");
                headers.Append("WWW-Authenticate", basic);
                headers.Append("WWW-Authenticate", "TFS-Federated");
                headers["X-VSS-ResourceTenant"] = tenant;
                break;
            case ChallengeShape.OneHeader:
                headers.Append("WWW-Authenticate", $"Bearer authorization_uri={authorizationUri}, {basic}, TFS-Federated");
                headers["X-VSS-ResourceTenant"] = tenant;
                break;
            case ChallengeShape.ResourceTenantList:
                headers.Append("WWW-Authenticate", "Bearer");
                headers.Append("WWW-Authenticate", basic);
                headers.Append("WWW-Authenticate", "TFS-Federated");
                headers.Append("X-VSS-ResourceTenant", $"{WellKnown.ZeroTenantId}, {tenant}");
                headers.Append("X-VSS-ResourceTenant", tenant);
                break;
            default:
                headers.Append("WWW-Authenticate", $"Bearer authorization_uri={authorizationUri}");
                headers.Append("WWW-Authenticate", basic);
                headers.Append("WWW-Authenticate", "TFS-Federated");
                headers["X-VSS-ResourceTenant"] = tenant;
                break;
        }
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

    // Recorded wording for an expired PAT (X-TFS-ServiceError of a 401, azure-pipelines-agent#1559);
    // the revoked one follows it.
    public static string PatExpired => "Access Denied: The Personal Access Token used has expired.";

    public static string PatRevoked => "Access Denied: The Personal Access Token used has been revoked.";

    public static string NoAccess(Caller caller) => $"TF400813: The user '{caller.TenantId}\\{caller.DisplayName}' is not authorized to access this resource.";

    public static string NeverSignedIn(Caller caller) => $"TF401444: Please sign-in at least once as {caller.TenantId}\\{caller.DisplayName} in a web browser to enable access to the service.";

    public static string UnknownProject(string project) =>
        $"VS800075: The project with id 'vstfs:///Classification/TeamProject/{project}' does not exist, or you do not have permission to access it.";

    public static string UnknownRepository(string repository) =>
        $"TF401019: The Git repository with name or identifier {repository} does not exist or you do not have permissions for the operation you are attempting.";
}
