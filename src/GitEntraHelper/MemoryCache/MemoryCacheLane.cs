using GitEntraHelper.AzureDevOps;
using GitEntraHelper.Diagnostics;
using GitEntraHelper.Identity;
using GitEntraHelper.Identity.User;
using GitEntraHelper.Platform;
using GitEntraHelper.Protocol;
using GitEntraHelper.Settings;
using GitEntraHelper.Settings.GitConfig;

namespace GitEntraHelper.MemoryCache;

/// <summary>
/// The fast lane of `get`: before git config, tenant, identity or MSAL, look the request up in the
/// memory cache under a key made of the request and the configuration fingerprint; after a regular
/// answer, remember it there. Only for plain first asks: a retry, a claims challenge or an
/// unfingerprintable configuration always takes the regular path. The Linux front runs the lookup
/// alone; the engine runs both halves.
/// </summary>
public sealed class MemoryCacheLane(MemoryTokenCache cache, DeclaredProviderPrescan prescan, IEnvironmentVariables environment, HelperTrace trace)
{
    /// <summary>The key for this request, or null when the lane does not apply.</summary>
    public MemoryCacheKey? KeyFor(CredentialRequest request)
    {
        if (request.Protocol != "https" || string.IsNullOrEmpty(request.Host)
            || ChallengeRetry.IsRetry(request) || ClaimsChallenge.FromWwwAuthenticate(request.WwwAuth) is not null)
        {
            return null;
        }

        if (GitBoolean.IsFalse(environment.Get(Variables.MemoryCache)))
        {
            return null;
        }

        // Nothing can declare it ours: the regular path falls through at once.
        if (!RemoteResolver.MayBeOurs(prescan, request, out _))
        {
            return null;
        }

        if (ConfigurationFingerprint.Compute(prescan.Files, environment) is not { } fingerprint)
        {
            trace.WriteText("memory-cache", "configuration cannot be fingerprinted (an include we cannot follow): not used");
            return null;
        }

        // The whole URL settings are resolved for (git config --get-urlmatch), user name included: a
        // repository-scoped setting must never be answered from another repository's entry.
        string scope = request.ToUrl();
        return new MemoryCacheKey(scope, $"{scope}\n{string.Join('\n', request.WwwAuth)}\n{fingerprint}");
    }

    /// <summary>Answers from the memory cache; false when it holds nothing usable for the key.</summary>
    public bool TryAnswer(CredentialRequest request, MemoryCacheKey key, Stream output)
    {
        if (cache.TryGet(key, environment) is not { } hit)
        {
            trace.WriteText("memory-cache", "miss");
            return false;
        }

        if (hit.NotOurs)
        {
            trace.Write("memory-cache", $"hit: not ours ({request.Host} is not declared Azure DevOps in this configuration)");
            return true;
        }

        trace.Write("memory-cache", $"hit: token {hit.Token} for {hit.Identity} from the kernel keyring, expires {hit.ExpiresOn:u}");
        CredentialWriter.Write(output, CredentialResponse.ForGet(request, hit.Token, hit.ExpiresOn), trace);
        return true;
    }

    /// <summary>Remembers a regular answer, unless the settings turn the memory cache off.</summary>
    public void Remember(MemoryCacheKey key, HelperSettings settings, AccessTokenResult token)
    {
        if (!settings.MemoryCacheEnabled)
        {
            trace.Write("memory-cache", $"off ({settings.DescribeSource(SettingKeys.MemoryCache)})");
            return;
        }

        if (environment is not RecordingEnvironment recorded)
        {
            trace.WriteText("memory-cache", "not kept: the variables this run read are unknown");
            return;
        }

        string? failed = cache.Put(key, token.Token, token.ExpiresOn, token.Identity, recorded, recorded.NamesRead);
        trace.WriteText("memory-cache", failed is null ? $"kept the token in {cache.KeyringName}" : $"not kept: {failed}");
    }

    /// <summary>Remembers that the request is not ours in this configuration (it took a `git config` to know).</summary>
    public void RememberNotOurs(MemoryCacheKey key, HelperSettings settings)
    {
        if (!settings.MemoryCacheEnabled || environment is not RecordingEnvironment recorded)
        {
            return;
        }

        string? failed = cache.PutNotOurs(key, recorded, recorded.NamesRead);
        trace.WriteText("memory-cache", failed is null ? "kept: not ours" : $"not kept: {failed}");
    }
}
