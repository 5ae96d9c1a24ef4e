using GitEntraHelper.AzureDevOps;
using GitEntraHelper.Diagnostics;
using GitEntraHelper.Identity;
using GitEntraHelper.Identity.User;
using GitEntraHelper.Protocol;
using GitEntraHelper.Settings;
using GitEntraHelper.TokenCache;
using GitEntraHelper.MemoryCache;

namespace GitEntraHelper.Commands;

/// <summary>
/// `get`: read git's request; answer from the memory cache when it holds this request's token;
/// not Azure DevOps → no output, exit 0; otherwise resolve the tenant, let the selector choose a token
/// source, answer with the token and remember it in the memory cache.
/// </summary>
public static class GetCommand
{
    /// <summary>User name for the Basic form when git sent none; Azure DevOps ignores it for Entra tokens.</summary>
    public const string FallbackUsername = "entra";

    public static async Task<int> RunAsync(HelperContext context, CancellationToken cancellationToken)
    {
        CredentialRequest request;
        using (context.Trace.Time("protocol: read"))
        {
            request = CredentialReader.Read(context.Input);
        }

        MemoryCacheKey? memoryKey = MemoryCacheLane.KeyFor(context, request);
        if (memoryKey is not null && MemoryCacheLane.TryAnswer(context, request, memoryKey))
        {
            return 0;
        }

        if (AzureDevOpsRequest.Resolve(context, request, out HelperSettings? settingsRead) is not { } resolved)
        {
            if (memoryKey is not null && settingsRead is not null)
            {
                MemoryCacheLane.RememberNotOurs(context, memoryKey, settingsRead);
            }

            return 0;
        }

        AzureDevOpsTarget target = await TenantResolverFor(context)
            .ResolveAsync(resolved.Target, request.WwwAuth, resolved.Settings, cancellationToken).ConfigureAwait(false);

        // IT policy: never request a token for a tenant outside credential.entraAllowedTenants.
        resolved.Settings.TenantPolicy.EnsureAllowed(target);

        // git ≥ 2.46 asks again after refusing our token: with a claims challenge, get a token with those
        // claims; without one, the token itself was refused (revoked or expired server-side): refresh it.
        string? claims = ClaimsChallenge.FromWwwAuthenticate(request.WwwAuth);
        bool retry = ChallengeRetry.IsRetry(request);
        var tokenRequest = new TokenRequest(target, claims, ForceRefresh: retry && claims is null, context.AllowInteraction);
        var selector = new TokenSourceSelector(context, resolved.Settings);
        ITokenSource source = selector.Select(tokenRequest) ?? throw new HelperException(TokenSourceSelector.NoSourceMessage);

        AccessTokenResult token;
        using (context.Trace.Time($"identity: {source.Name}"))
        {
            token = await source.GetTokenAsync(tokenRequest, cancellationToken).ConfigureAwait(false);
        }

        context.Trace.Write("identity", $"token {token.Token} for {token.Identity}, expires {token.ExpiresOn:u}");
        if (memoryKey is not null) // only plain first asks have one: never a retry or a claims challenge
        {
            if (source.MayBeRemembered)
            {
                MemoryCacheLane.Remember(context, memoryKey, resolved.Settings, token);
            }
            else
            {
                context.Trace.Write("memory-cache", $"not kept: {source.Name} is asked on every get");
            }
        }

        MemoryCacheLane.Respond(context, request, token.Token, token.ExpiresOn);
        return 0;
    }

    internal static TenantResolver TenantResolverFor(HelperContext context) =>
        new(new TenantCache(context.Paths), new TenantProbe(context.CreateHttpHandler, context.Trace), context.Trace);
}
