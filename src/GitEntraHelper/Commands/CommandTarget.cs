using GitEntraHelper.Diagnostics;
using GitEntraHelper.Protocol;
using GitEntraHelper.AzureDevOps;

namespace GitEntraHelper.Commands;

/// <summary>
/// Turns `--org ORG` or `--url URL` (token, diagnose) into the request git would have sent for that
/// remote, so these commands resolve organization, tenant and settings exactly as `get` does.
/// </summary>
public static class CommandTarget
{
    public static AzureDevOpsRequest Resolve(HelperContext context, string? organization, string? url)
    {
        string remote = url ?? (organization is not null ? $"https://dev.azure.com/{organization.Trim('/')}" : throw new HelperException("name the organization: --org ORG or --url URL", CommandLine.UsageExitCode));
        if (GitUrl.Parse(remote) is not { } parts)
            throw new HelperException($"'{remote}' is not a URL: use https://dev.azure.com/ORG[/PROJECT/_git/REPO]", CommandLine.UsageExitCode);

        var request = new CredentialRequest { Protocol = parts.Protocol, Host = parts.Host, Path = parts.Path, Username = parts.Username };
        return AzureDevOpsRequest.Resolve(context, request)
            ?? throw new HelperException($"{request.ToUrl()} is not an Azure DevOps URL: use https://dev.azure.com/ORG, https://ORG.visualstudio.com, or declare the host with credential.https://HOST.provider=azure-devops");
    }
}
