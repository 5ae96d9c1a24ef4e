using GitEntraHelper.Platform;

namespace GitEntraHelper.Settings;

/// <summary>The memory cache (Linux kernel keyring in front of the token cache).</summary>
public static partial class SettingKeys
{
    public static readonly SettingKey MemoryCache = Define(
        "credential.entraMemoryCache", Variables.MemoryCache, "true",
        "Linux: keep the current access token in the kernel keyring (memory only, owner-only, until 5 minutes before it expires) so a repeated get skips git config, the secret store and MSAL; false turns it off");
}

public sealed partial class HelperSettings
{
    /// <summary>Whether a `get` may remember its answer in the memory cache.</summary>
    public bool MemoryCacheEnabled => GetBool(SettingKeys.MemoryCache, fallback: true);
}
