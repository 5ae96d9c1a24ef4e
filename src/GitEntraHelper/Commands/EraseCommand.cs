using GitEntraHelper.Identity;
using GitEntraHelper.Protocol;

namespace GitEntraHelper.Commands;

/// <summary>
/// `erase`: git says the credential it got was rejected. For an Azure DevOps request, the token source
/// that would answer the next `get` forgets that token, and the memory cache forgets its tokens, so it
/// is never handed out again. Through the same pipeline as `get`: a tenant IT policy refuses gets no
/// token request here either.
/// </summary>
public static class EraseCommand
{
    public static async Task<int> RunAsync(HelperContext context, CancellationToken cancellationToken)
    {
        CredentialRequest request = CredentialReader.Read(context.Input);
        if (context.Pipeline.Resolve(request, out _) is not { } resolved)
        {
            return 0;
        }

        // The rejected token may be in the memory cache: drop it (and the rest of this cache location's).
        context.MemoryCache?.ForgetAll();

        // The tenant only from what costs nothing (config, challenge, cache): erase never probes. A source
        // given no tenant forgets the organization's token whatever its tenant.
        TokenPlan plan = await context.Pipeline.PlanAsync(resolved, TokenPurpose.Forget, cancellationToken).ConfigureAwait(false);
        context.Pipeline.ForgetTenant(plan.Target); // a rejected token may mean the organization moved tenant: learn it afresh
        await plan.Source.ForgetAsync(plan.Request, cancellationToken).ConfigureAwait(false);
        context.Trace.Write("erase", $"{plan.Source.Name} forgot the rejected token");
        return 0;
    }
}
