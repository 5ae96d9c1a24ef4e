using GitEntraHelper.Diagnostics;
using GitEntraHelper.Platform;
using GitEntraHelper.Protocol;
using GitEntraHelper.Settings;
using GitEntraHelper.Settings.GitConfig;

namespace GitEntraHelper.AzureDevOps;

/// <summary>What deciding "is this request ours" reads: the environment, git config, and the files git reads.</summary>
/// <param name="Prescan">Proves without git that no config declares a provider; null means "always ask git".</param>
public sealed record RemoteResolver(IEnvironmentVariables Environment, IGitConfigReader GitConfig, DeclaredProviderPrescan? Prescan, HelperTrace Trace)
{
    /// <summary>
    /// What can be decided without git: a well-known host may be ours; another host only over http(s)
    /// and only when git config may declare it (the prescan; without one, assume it may).
    /// </summary>
    /// <param name="whyNot">For traces, when the answer is false.</param>
    public static bool MayBeOurs(DeclaredProviderPrescan? prescan, CredentialRequest request, out string whyNot)
    {
        whyNot = string.Empty;
        if (AzureDevOpsUrl.IsWellKnownHost(request.Host))
        {
            return true;
        }

        if (request.Protocol is not ("https" or "http") || string.IsNullOrEmpty(request.Host))
        {
            whyNot = "not an http(s) request";
            return false;
        }

        if (prescan?.MayDeclareProvider(out string why) is false)
        {
            whyNot = $"{request.Host} is not an Azure DevOps host and {why}";
            return false;
        }

        return true;
    }

    /// <summary>Is git's request ours, for which organization, with which settings? Null: not ours (exit 0 silently).</summary>
    /// <param name="request">git's request.</param>
    /// <param name="settingsRead">The settings, when git config was read to decide (also for "not ours").</param>
    /// <exception cref="HelperException">An Azure DevOps request we must refuse (plain http, no organization).</exception>
    public AzureDevOpsRequest? Resolve(CredentialRequest request, out HelperSettings? settingsRead)
    {
        settingsRead = null;
        Trace.Write("protocol", $"request {request}");

        if (!MayBeOurs(Prescan, request, out string whyNot))
        {
            Trace.WriteText("azure-devops", $"not ours: {whyNot}");
            return null;
        }

        bool wellKnown = AzureDevOpsUrl.IsWellKnownHost(request.Host);

        HelperSettings settings = HelperSettings.ForUrl(Environment, GitConfig, request.ToUrl(), Prescan?.Files);
        settingsRead = settings;
        bool declared = !wellKnown && settings.IsDeclaredAzureDevOps;
        if (!wellKnown && settings.RepositoryOverrideIgnored(SettingKeys.Provider))
        {
            Trace.WriteText("settings", $"ignored the provider this repository's own .git/config declares for {request.Host}: declare hosts in global or system config");
        }

        RemoteMatch match = AzureDevOpsUrl.Match(request, declared);
        switch (match.Kind)
        {
            case RemoteKind.NotOurs:
                Trace.Write("azure-devops", $"not ours: {request.Host} is not an Azure DevOps host");
                return null;
            case RemoteKind.Refused:
                throw new HelperException(match.Problem!);
        }

        AzureDevOpsTarget target = match.Target!;
        Trace.Write("azure-devops", $"organization {target.Organization} at {target.OrganizationUrl}{(declared ? " (declared in git config)" : "")}");
        return new AzureDevOpsRequest(request, target, settings);
    }

    /// <summary>
    /// `--org ORG` or `--url URL` (token, diagnose, pat) as the request git would have sent for that remote,
    /// resolved exactly as `get` resolves git's.
    /// </summary>
    public AzureDevOpsRequest ResolveRemote(string? organization, string? url)
    {
        string remote = url ?? (organization is not null ? $"https://dev.azure.com/{organization.Trim('/')}" : throw new HelperException("name the organization: --org ORG or --url URL", HelperException.UsageExitCode));
        if (GitUrl.Parse(remote) is not { } parts)
        {
            throw new HelperException($"'{remote}' is not a URL: use https://dev.azure.com/ORG[/PROJECT/_git/REPO]", HelperException.UsageExitCode);
        }

        var request = new CredentialRequest { Protocol = parts.Protocol, Host = parts.Host, Path = parts.Path, Username = parts.Username };
        return Resolve(request, out _)
            ?? throw new HelperException($"{request.ToUrl()} is not an Azure DevOps URL: use https://dev.azure.com/ORG, https://ORG.visualstudio.com, or declare the host with credential.https://HOST.provider=azure-devops");
    }
}

/// <summary>A request that is ours: git's request, its organization (tenant not yet known) and the remote's settings.</summary>
public sealed record AzureDevOpsRequest(CredentialRequest Request, AzureDevOpsTarget Target, HelperSettings Settings);
