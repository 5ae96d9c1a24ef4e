using Emulator.DevOps.Lfs;
using Emulator.DevOps.Pats;
using Emulator.Model;

namespace Emulator.DevOps;

/// <summary>
/// Every Azure DevOps request: find the organization (from the path, or after the reserved "_vssps"
/// segment of its vssps endpoint), authenticate the caller, check tenant, membership, PAT scope and the
/// claims-challenge switch, then route to git, Git LFS, the PAT API, connectionData or the projects API.
/// </summary>
internal sealed class DevOpsRequestHandler(EmulatorContext context)
{
    private readonly AccessTokenValidator _validator = new(context);
    private readonly DevOpsReplies _replies = new(context);
    private readonly GitHttpBackend _git = new(context.RepositoriesDirectory, context.StateDirectory);
    private readonly LfsEndpoint _lfs = new(context);
    private readonly PatsApi _pats = new(context);

    public async Task HandleAsync(HttpContext http)
    {
        var segments = (http.Request.Path.Value ?? "/").Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments is [SignInRedirect.Segment, ..])
        {
            await SignInRedirect.PageAsync(http);
            return;
        }

        var vssps = segments is [EndpointUrls.VsspsSegment, _, ..];
        var organizationName = vssps ? segments[1] : segments.FirstOrDefault() ?? string.Empty;
        var organization = context.Catalog.FindOrganization(organizationName);
        if (organization is null)
        {
            await DevOpsReplies.TextAsync(http, StatusCodes.Status404NotFound, $"TF400898: The organization '{organizationName}' could not be found.");
            return;
        }

        if (!vssps && PipelinesOidcEndpoint.Matches(segments))
        {
            await PipelinesOidcEndpoint.HandleAsync(context, http, organization);
            return;
        }

        // Git LFS clients read JSON bodies; git shows text/plain ones as "remote:" lines.
        Func<HttpContext, string, Task> deny = !vssps && GitPath.Find(segments) is { IsLfs: true }
            ? (h, message) => LfsReplies.ErrorAsync(h, StatusCodes.Status401Unauthorized, message)
            : (h, message) => DevOpsReplies.TextAsync(h, StatusCodes.Status401Unauthorized, message);
        var caller = await AuthenticateAsync(http, organization, deny);
        if (caller is null)
        {
            return;
        }

        if (vssps)
        {
            await (PatsApi.Matches(segments[2..])
                ? _pats.HandleAsync(http, organization, caller)
                : DevOpsReplies.TextAsync(http, StatusCodes.Status404NotFound, "The resource cannot be found."));
            return;
        }

        await RouteAsync(http, organization, caller, segments);
    }

    /// <summary>Null when a denial (challenge headers and <paramref name="deny"/>'s body) has been written.</summary>
    private async Task<Caller?> AuthenticateAsync(HttpContext http, Organization organization, Func<HttpContext, string, Task> deny)
    {
        async Task<Caller?> Challenge(string message, string? claims = null)
        {
            _replies.WriteChallengeHeaders(http, organization, claims);
            await deny(http, message);
            return null;
        }

        var (caller, problem) = await _validator.ValidateAsync(http.Request);
        if (caller is null)
        {
            return await Challenge(problem switch
            {
                TokenProblem.Missing => DevOpsReplies.Anonymous,
                TokenProblem.PatExpired => DevOpsReplies.PatExpired,
                TokenProblem.PatRevoked => DevOpsReplies.PatRevoked,
                _ => _replies.NotAuthorized(context.Urls.DevOpsUrl + "/" + organization.Name),
            });
        }

        if (!string.Equals(caller.TenantId, organization.Tenant.Id, StringComparison.OrdinalIgnoreCase)
            || (caller.IsPat && caller.PatOrganizationId != organization.Id))
        {
            return await Challenge(DevOpsReplies.NoAccess(caller));
        }

        if (!organization.MemberObjectIds.Contains(caller.ObjectId))
        {
            // A user no organization knows has never signed in; a known identity simply lacks access here.
            var knownAnywhere = context.Catalog.Organizations.Any(o => o.MemberObjectIds.Contains(caller.ObjectId));
            return await Challenge(!caller.IsApp && !knownAnywhere ? DevOpsReplies.NeverSignedIn(caller) : DevOpsReplies.NoAccess(caller));
        }

        if (context.Switches.ClaimsChallenge is { } claims && caller.Uti is { } uti && context.Ledger.IsChallenged(uti))
        {
            return await Challenge(
                "VS30063: The access token does not satisfy the claims the organization requires. Get a new token with the claims in the challenge.", claims);
        }

        return caller;
    }

    private async Task RouteAsync(HttpContext http, Organization organization, Caller caller, string[] segments)
    {
        if (ConnectionDataApi.Matches(segments))
        {
            await ConnectionDataApi.ReplyAsync(http, organization, caller);
            return;
        }

        if (segments.Length >= 3 && segments[1] == "_apis" && segments[2] == "projects")
        {
            await ProjectsApi.ListAsync(context, http, organization);
            return;
        }

        if (GitPath.Find(segments) is { } git)
        {
            // /{org}/_git/{repo} names the project after the repository, as Azure DevOps does.
            var projectName = git.Project ?? git.Repository;
            var project = organization.FindProject(projectName);
            if (project is null)
            {
                await DevOpsReplies.TextAsync(http, StatusCodes.Status404NotFound, DevOpsReplies.UnknownProject(projectName));
                return;
            }

            var repository = project.Repositories.FirstOrDefault(r => string.Equals(r, git.Repository, StringComparison.OrdinalIgnoreCase));
            if (repository is null)
            {
                await DevOpsReplies.TextAsync(http, StatusCodes.Status404NotFound, DevOpsReplies.UnknownRepository(git.Repository));
                return;
            }

            if (git.IsLfs)
            {
                var bare = Path.Combine(context.RepositoriesDirectory, organization.Name, project.Name, repository + ".git");
                await _lfs.HandleAsync(http, caller, bare, $"{context.Urls.DevOpsUrl}/{git.RepositoryUrlPath}/info/lfs", git.Rest);
                return;
            }

            await _git.ServeAsync(http, $"/{organization.Name}/{project.Name}/{repository}.git/{string.Join('/', git.Rest)}", caller.DisplayName);
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

/// <summary>
/// A repository path: /{org}/{project}/_git/{repo}[.git]/{rest} or /{org}/_git/{repo}[.git]/{rest}.
/// <see cref="RepositoryUrlPath"/> keeps the form the client used (with or without ".git").
/// </summary>
internal sealed record GitPath(string? Project, string Repository, string RepositoryUrlPath, string[] Rest)
{
    public bool IsLfs => LfsEndpoint.Matches(Rest);

    public static GitPath? Find(string[] segments)
    {
        var gitIndex = Array.IndexOf(segments, "_git");
        if (gitIndex is not (1 or 2) || segments.Length <= gitIndex + 1)
        {
            return null;
        }

        var repository = segments[gitIndex + 1];
        if (repository.EndsWith(".git", StringComparison.OrdinalIgnoreCase))
        {
            repository = repository[..^4];
        }

        return new GitPath(
            gitIndex == 2 ? segments[1] : null,
            repository,
            string.Join('/', segments.Take(gitIndex + 2)),
            segments[(gitIndex + 2)..]);
    }
}
