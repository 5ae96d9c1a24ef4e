using GitEntraHelper.AzureDevOps;
using GitEntraHelper.Diagnostics;
using GitEntraHelper.Identity;
using GitEntraHelper.MemoryCache;
using GitEntraHelper.Protocol;
using GitEntraHelper.Settings;

namespace GitEntraHelper.Commands;

/// <summary>
/// `get`: read git's request; answer from the memory cache when it holds this request's token;
/// not Azure DevOps → no output, exit 0; otherwise the token pipeline plans (tenant under IT policy,
/// token source), the source answers, and the answer is remembered in the memory cache. A failure for a
/// request that is ours also tells git to stop (<see cref="GitQuit"/>): no fall-through to its password prompt.
/// </summary>
public static class GetCommand
{
    public static async Task<int> RunAsync(HelperContext context, CancellationToken cancellationToken)
    {
        CredentialRequest request;
        using (context.Trace.Time("protocol: read"))
        {
            request = CredentialReader.Read(context.Input);
        }

        MemoryCacheLane? lane = context.MemoryLane;
        MemoryCacheKey? memoryKey = lane?.KeyFor(request);
        if (memoryKey is not null && lane!.TryAnswer(request, memoryKey, context.Output))
        {
            return 0;
        }

        try
        {
            if (context.Pipeline.Resolve(request, out HelperSettings? settingsRead) is not { } resolved)
            {
                if (memoryKey is not null && settingsRead is not null)
                {
                    lane!.RememberNotOurs(memoryKey, settingsRead);
                }

                return 0;
            }

            return await AnswerAsync(context, request, resolved, memoryKey, cancellationToken).ConfigureAwait(false);
        }
        catch (HelperException e)
        {
            // Resolve refuses only requests it found ours (plain http, no organization); the rest failed for ours.
            GitQuit.Tell(context, request, e);
            throw;
        }
    }

    private static async Task<int> AnswerAsync(HelperContext context, CredentialRequest request, AzureDevOpsRequest resolved, MemoryCacheKey? memoryKey, CancellationToken cancellationToken)
    {
        MemoryCacheLane? lane = context.MemoryLane;
        TokenPlan plan = await context.Pipeline.PlanAsync(resolved, TokenPurpose.Answer, cancellationToken).ConfigureAwait(false);
        AccessTokenResult token;
        using (context.Trace.Time($"identity: {plan.Source.Name}"))
        {
            token = await plan.Source.GetTokenAsync(plan.Request, cancellationToken).ConfigureAwait(false);
        }

        context.Trace.Write("identity", $"token {token.Token} for {token.Identity}, expires {token.ExpiresOn:u}");
        if (memoryKey is not null) // only plain first asks have one: never a retry or a claims challenge
        {
            if (plan.Source.MayBeRemembered)
            {
                lane!.Remember(memoryKey, resolved.Settings, token);
            }
            else
            {
                context.Trace.Write("memory-cache", $"not kept: {plan.Source.Name} is asked on every get");
            }
        }

        CredentialWriter.Write(context.Output, CredentialResponse.ForGet(request, token.Token, token.ExpiresOn), context.Trace);
        return 0;
    }
}
