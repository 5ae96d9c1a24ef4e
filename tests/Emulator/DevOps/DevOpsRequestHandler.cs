using Emulator.Model;

namespace Emulator.DevOps;

/// <summary>
/// Every Azure DevOps request: find the organization, authenticate the caller, check tenant,
/// membership and the claims-challenge switch, then route to git or the REST API.
/// </summary>
internal sealed class DevOpsRequestHandler(EmulatorContext context)
{
    private readonly AccessTokenValidator _validator = new(context);
    private readonly DevOpsReplies _replies = new(context);
    private readonly GitHttpBackend _git = new(context.RepositoriesDirectory, context.StateDirectory);

    public async Task HandleAsync(HttpContext http)
    {
        var segments = (http.Request.Path.Value ?? "/").Split('/', StringSplitOptions.RemoveEmptyEntries);
        var organization = segments.Length > 0 ? context.Catalog.FindOrganization(segments[0]) : null;
        if (organization is null)
        {
            await DevOpsReplies.TextAsync(http, StatusCodes.Status404NotFound,
                $"TF400898: The organization '{(segments.Length > 0 ? segments[0] : string.Empty)}' could not be found.");
            return;
        }

        if (PipelinesOidcEndpoint.Matches(segments))
        {
            await PipelinesOidcEndpoint.HandleAsync(context, http, organization);
            return;
        }

        var caller = await AuthenticateAsync(http, organization);
        if (caller is null)
        {
            return;
        }

        await RouteAsync(http, organization, caller, segments);
    }

    /// <summary>Null when a denial has been written.</summary>
    private async Task<Caller?> AuthenticateAsync(HttpContext http, Organization organization)
    {
        var (caller, problem) = await _validator.ValidateAsync(http.Request);
        if (caller is null)
        {
            await _replies.ChallengeAsync(http, organization,
                problem == TokenProblem.Missing ? DevOpsReplies.Anonymous : _replies.NotAuthorized(context.Urls.DevOpsUrl + "/" + organization.Name));
            return null;
        }

        if (!string.Equals(caller.TenantId, organization.Tenant.Id, StringComparison.OrdinalIgnoreCase))
        {
            await _replies.ChallengeAsync(http, organization, DevOpsReplies.NoAccess(caller));
            return null;
        }

        if (!organization.MemberObjectIds.Contains(caller.ObjectId))
        {
            // A user no organization knows has never signed in; a known identity simply lacks access here.
            var knownAnywhere = context.Catalog.Organizations.Any(o => o.MemberObjectIds.Contains(caller.ObjectId));
            await _replies.ChallengeAsync(http, organization,
                !caller.IsApp && !knownAnywhere ? DevOpsReplies.NeverSignedIn(caller) : DevOpsReplies.NoAccess(caller));
            return null;
        }

        if (context.Switches.ClaimsChallenge is { } claims && context.Ledger.IsChallenged(caller.Uti))
        {
            await _replies.ChallengeAsync(http, organization,
                "VS30063: The access token does not satisfy the claims the organization requires. Get a new token with the claims in the challenge.", claims);
            return null;
        }

        return caller;
    }

    private async Task RouteAsync(HttpContext http, Organization organization, Caller caller, string[] segments)
    {
        if (segments.Length >= 3 && segments[1] == "_apis" && segments[2] == "projects")
        {
            await ProjectsApi.ListAsync(context, http, organization);
            return;
        }

        var gitIndex = Array.IndexOf(segments, "_git");
        if (gitIndex is 1 or 2 && segments.Length > gitIndex + 1)
        {
            var repositoryName = segments[gitIndex + 1];
            if (repositoryName.EndsWith(".git", StringComparison.OrdinalIgnoreCase))
            {
                repositoryName = repositoryName[..^4];
            }

            // /{org}/_git/{repo} names the project after the repository, as Azure DevOps does.
            var projectName = gitIndex == 2 ? segments[1] : repositoryName;
            var project = organization.FindProject(projectName);
            if (project is null)
            {
                await DevOpsReplies.TextAsync(http, StatusCodes.Status404NotFound, DevOpsReplies.UnknownProject(projectName));
                return;
            }

            var repository = project.Repositories.FirstOrDefault(r => string.Equals(r, repositoryName, StringComparison.OrdinalIgnoreCase));
            if (repository is null)
            {
                await DevOpsReplies.TextAsync(http, StatusCodes.Status404NotFound, DevOpsReplies.UnknownRepository(repositoryName));
                return;
            }

            var rest = string.Join('/', segments.Skip(gitIndex + 2));
            await _git.ServeAsync(http, $"/{organization.Name}/{project.Name}/{repository}.git/{rest}", caller.DisplayName);
            return;
        }

        if (segments.Length == 1 || (segments.Length == 2 && organization.FindProject(segments[1]) is not null))
        {
            await DevOpsReplies.TextAsync(http, StatusCodes.Status200OK, $"Azure DevOps organization {organization.Name}");
            return;
        }

        if (segments.Length >= 2 && segments[1] != "_apis" && organization.FindProject(segments[1]) is null)
        {
            await DevOpsReplies.TextAsync(http, StatusCodes.Status404NotFound, DevOpsReplies.UnknownProject(segments[1]));
            return;
        }

        await DevOpsReplies.TextAsync(http, StatusCodes.Status404NotFound, "The resource cannot be found.");
    }
}
