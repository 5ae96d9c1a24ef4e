using GitEntraHelper.Platform;
using GitEntraHelper.Settings;

namespace GitEntraHelper.Tests.TokenCache;

/// <summary>CacheSettings built the way a run builds them: environment + git config through HelperSettings.</summary>
internal static class TestCacheSettings
{
    public static HelperSettings Settings(IDictionary<string, string>? environment = null, IDictionary<string, string>? gitConfig = null)
    {
        var env = new DictionaryEnvironmentVariables();
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            env.Add(name, value);
        }

        var config = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in gitConfig ?? new Dictionary<string, string>())
        {
            config[name.ToLowerInvariant()] = value;
        }

        return HelperSettings.FromValues(env, config);
    }

    /// <summary>Opted-in plain text in <paramref name="stateDirectory"/>'s token-cache folder.</summary>
    public static CacheSettings PlainText(string stateDirectory, string? lockTimeoutSeconds = null)
    {
        var environment = new Dictionary<string, string> { ["GIT_ENTRA_CACHE_PROTECTION"] = "plaintext" };
        if (lockTimeoutSeconds is not null)
        {
            environment["GIT_ENTRA_LOCK_TIMEOUT"] = lockTimeoutSeconds;
        }

        return Settings(environment).Cache(new HelperPaths(stateDirectory, Path.Combine(stateDirectory, "cache")));
    }
}
