using GitEntraHelper.Platform;

namespace GitEntraHelper.TokenCache;

/// <summary>
/// The names of our two kernel keyrings per token-cache location (one per state directory), both
/// linked from the session keyring: the token cache's (MSAL's cache when no Secret Service can be
/// reached) and the memory cache's (access tokens a `get` answered with). Kept apart because erase and
/// logout empty the memory cache's keyring as a whole. The ":" form differs from the user-keyring
/// names of earlier versions, so a search never finds one of those.
/// </summary>
public static class KernelKeyringNames
{
    /// <summary>The memory cache's keyring for the state directory <paramref name="stateDirectory"/>.</summary>
    public static string MemoryCache(string stateDirectory) => $"{HelperPaths.DirectoryName}:memory/{Fnv.Hex64(stateDirectory)}";

    /// <summary>The token cache's keyring; <paramref name="cacheDirectory"/> is the token-cache folder inside the state directory.</summary>
    public static string TokenCache(string cacheDirectory) => $"{HelperPaths.DirectoryName}:cache/{Fnv.Hex64(StateDirectoryOf(cacheDirectory))}";

    /// <summary>The memory cache's keyring for the same location as the token-cache folder <paramref name="cacheDirectory"/>.</summary>
    public static string MemoryCacheBeside(string cacheDirectory) => MemoryCache(StateDirectoryOf(cacheDirectory));

    private static string StateDirectoryOf(string cacheDirectory) =>
        Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(cacheDirectory)) ?? cacheDirectory;
}
