using GitEntraHelper.Diagnostics;
using GitEntraHelper.Identity;
using GitEntraHelper.Identity.User;
using GitEntraHelper.Protocol;
using GitEntraHelper.Settings;
using GitEntraHelper.TokenCache;
using GitEntraHelper.Commands;
using GitEntraHelper.AzureDevOps;
using GitEntraHelper.Platform;

namespace GitEntraHelper.MemoryCache;

/// <summary>
/// The fast lane of `get`: before git config, tenant, identity or MSAL, look the request up in the
/// memory cache under a key made of the request and the configuration fingerprint; after a regular
/// answer, remember it there. Only for plain first asks: a retry, a claims challenge or an
/// unfingerprintable configuration always takes the regular path.
/// </summary>
public static class MemoryCacheLane
{
    /// <summary>The key for this request, or null when the lane does not apply.</summary>
    public static MemoryCacheKey? KeyFor(HelperContext context, CredentialRequest request)
    {
        if (context.MemoryCache is null || context.ProviderPrescan is not { } prescan
            || request.Protocol != "https" || string.IsNullOrEmpty(request.Host)
            || ChallengeRetry.IsRetry(request) || ClaimsChallenge.FromWwwAuthenticate(request.WwwAuth) is not null)
        {
            return null;
        }

        if (context.Environment.Get(SettingKeys.MemoryCacheVariable) is { } switchValue
            && HelperSettings.TryParseBool(switchValue, out bool enabled) && !enabled)
        {
            return null;
        }

        // Nothing can declare it ours: the regular path falls through at once.
        if (!AzureDevOpsRequest.MayBeOurs(context, request, out _))
        {
            return null;
        }

        if (ConfigurationFingerprint.Compute(prescan, context.Environment) is not { } fingerprint)
        {
            context.Trace.WriteText("memory-cache", "configuration cannot be fingerprinted (an include we cannot follow): not used");
            return null;
        }

        string path = request.Path ?? string.Empty;
        int slash = path.IndexOf('/');
        string scope = $"https://{request.Host}/{(slash < 0 ? path : path[..slash])}|{request.Username}";
        return new MemoryCacheKey(scope, $"{scope}\n{string.Join('\n', request.WwwAuth)}\n{fingerprint}");
    }

    /// <summary>Answers from the memory cache; false when it holds nothing usable for the key.</summary>
    public static bool TryAnswer(HelperContext context, CredentialRequest request, MemoryCacheKey key)
    {
        if (context.MemoryCache!.TryGet(key, context.Environment) is not { } hit)
        {
            context.Trace.WriteText("memory-cache", "miss");
            return false;
        }

        if (hit.NotOurs)
        {
            context.Trace.Write("memory-cache", $"hit: not ours ({request.Host} is not declared Azure DevOps in this configuration)");
            return true;
        }

        context.Trace.Write("memory-cache", $"hit: token {hit.Token} for {hit.Identity} from the kernel keyring, expires {hit.ExpiresOn:u}");
        Respond(context, request, hit.Token, hit.ExpiresOn);
        return true;
    }

    /// <summary>Remembers a regular answer, unless the settings turn the memory cache off.</summary>
    public static void Remember(HelperContext context, MemoryCacheKey key, HelperSettings settings, AccessTokenResult token)
    {
        if (!settings.MemoryCacheEnabled)
        {
            context.Trace.Write("memory-cache", $"off ({settings.DescribeSource(SettingKeys.MemoryCache)})");
            return;
        }

        if (context.Environment is not RecordingEnvironment recorded)
        {
            context.Trace.WriteText("memory-cache", "not kept: the variables this run read are unknown");
            return;
        }

        string? failed = context.MemoryCache!.Put(key, token.Token, token.ExpiresOn, token.Identity, recorded, recorded.NamesRead);
        context.Trace.WriteText("memory-cache", failed is null ? $"kept the token in {context.MemoryCache.KeyringName}" : $"not kept: {failed}");
    }

    /// <summary>Remembers that the request is not ours in this configuration (it took a `git config` to know).</summary>
    public static void RememberNotOurs(HelperContext context, MemoryCacheKey key, HelperSettings settings)
    {
        if (!settings.MemoryCacheEnabled || context.Environment is not RecordingEnvironment recorded)
        {
            return;
        }

        string? failed = context.MemoryCache!.PutNotOurs(key, recorded, recorded.NamesRead);
        context.Trace.WriteText("memory-cache", failed is null ? "kept: not ours" : $"not kept: {failed}");
    }

    /// <summary>The one answer format of `get`, from either lane.</summary>
    public static void Respond(HelperContext context, CredentialRequest request, Secret token, DateTimeOffset expiresOn)
    {
        var response = ChallengeRetry.Annotate(
            CredentialResponse.ForAccessToken(request, token, expiresOn, GetCommand.FallbackUsername), request, token);
        context.Trace.Write("protocol", $"response {response}");
        CredentialWriter.Write(context.Output, response);
    }
}
