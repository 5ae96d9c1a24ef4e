using GitEntraHelper.AzureDevOps;
using GitEntraHelper.Diagnostics;
using GitEntraHelper.Protocol;
using GitEntraHelper.Settings;
using GitEntraHelper.Commands;

namespace GitEntraHelper.AzureDevOps;

/// <summary>
/// The shared front half of get and erase: is this request ours, for which organization, with which
/// settings? Returns null for "not ours" (the caller exits 0 silently) and throws
/// <see cref="HelperException"/> for an Azure DevOps request we must refuse.
/// </summary>
public sealed record AzureDevOpsRequest(CredentialRequest Request, AzureDevOpsTarget Target, HelperSettings Settings)
{
    public static AzureDevOpsRequest? Resolve(HelperContext context, CredentialRequest request) =>
        Resolve(context, request, out _);

    /// <summary>
    /// What can be decided without git: a well-known host may be ours; another host only over http(s)
    /// and only when git config may declare it (the prescan; without one, assume it may).
    /// </summary>
    /// <param name="whyNot">For traces, when the answer is false.</param>
    public static bool MayBeOurs(HelperContext context, CredentialRequest request, out string whyNot)
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

        if (context.ProviderPrescan?.MayDeclareProvider(out string why) is false)
        {
            whyNot = $"{request.Host} is not an Azure DevOps host and {why}";
            return false;
        }

        return true;
    }

    /// <param name="context">The run.</param>
    /// <param name="request">git's request.</param>
    /// <param name="settingsRead">The settings, when git config was read to decide (also for "not ours").</param>
    public static AzureDevOpsRequest? Resolve(HelperContext context, CredentialRequest request, out HelperSettings? settingsRead)
    {
        settingsRead = null;
        HelperTrace trace = context.Trace;
        trace.Write("protocol", $"request {request}");

        if (!MayBeOurs(context, request, out string whyNot))
        {
            trace.WriteText("azure-devops", $"not ours: {whyNot}");
            return null;
        }

        bool wellKnown = AzureDevOpsUrl.IsWellKnownHost(request.Host);

        HelperSettings settings = HelperSettings.ForUrl(context.Environment, context.GitConfig, request.ToUrl());
        settingsRead = settings;
        bool declared = !wellKnown && settings.IsDeclaredAzureDevOps;
        RemoteMatch match = AzureDevOpsUrl.Match(request, declared);
        switch (match.Kind)
        {
            case RemoteKind.NotOurs:
                trace.Write("azure-devops", $"not ours: {request.Host} is not an Azure DevOps host");
                return null;
            case RemoteKind.Refused:
                throw new HelperException(match.Problem!);
        }

        AzureDevOpsTarget target = match.Target!;
        trace.Write("azure-devops", $"organization {target.Organization} at {target.OrganizationUrl}{(declared ? " (declared in git config)" : "")}");
        return new AzureDevOpsRequest(request, target, settings);
    }
}
