using GitEntraHelper.AzureDevOps;
using GitEntraHelper.Identity;
using GitEntraHelper.Identity.User;
using GitEntraHelper.Protocol;

namespace GitEntraHelper.Commands;

/// <summary>
/// `erase`: git says the credential it got was rejected. For an Azure DevOps request, the token source
/// that would answer the next `get` forgets that token, and the memory cache forgets its tokens, so it
/// is never handed out again.
/// </summary>
public static class EraseCommand
{
    public static async Task<int> RunAsync(HelperContext context, CancellationToken cancellationToken)
    {
        CredentialRequest request = CredentialReader.Read(context.Input);
        if (AzureDevOpsRequest.Resolve(context, request) is not { } resolved)
        {
            return 0;
        }

        // The rejected token may be in the memory cache: drop it (and the rest of this cache location's).
        context.MemoryCache?.ForgetAll();

        // The tenant only from what costs nothing (config, challenge, cache): erase never probes. A source
        // given no tenant forgets the organization's token whatever its tenant.
        TenantResolver tenants = GetCommand.TenantResolverFor(context);
        AzureDevOpsTarget target = tenants.ResolveWithoutProbe(resolved.Target, request.WwwAuth, resolved.Settings);
        tenants.Forget(target); // a rejected token may mean the organization moved tenant: learn it afresh
        var tokenRequest = new TokenRequest(target, ClaimsChallenge.FromWwwAuthenticate(request.WwwAuth), ForceRefresh: true, AllowInteraction: false);
        var selector = new TokenSourceSelector(context, resolved.Settings);
        if (selector.Select(tokenRequest) is not { } source)
        {
            context.Trace.WriteText("erase", "no token source applies, so no token was handed out: nothing to forget");
            return 0;
        }

        await source.ForgetAsync(tokenRequest, cancellationToken).ConfigureAwait(false);
        context.Trace.Write("erase", $"{source.Name} forgot the rejected token");
        return 0;
    }
}
