using System.Globalization;
using GitEntraHelper.Diagnostics;
using GitEntraHelper.TokenCache;

namespace GitEntraHelper.Settings;

/// <summary>Token cache settings: protection at rest, where it lives, how long to wait for others.</summary>
/// <param name="Protection">OS secret store unless the user opted in to plain text.</param>
/// <param name="ProtectionOrigin">Which key or variable chose the protection, for trace and diagnose.</param>
/// <param name="Directory">Folder of the cache's lock, version and (plain-text or DPAPI) data files.</param>
/// <param name="LockTimeout">Longest wait for another process that is signing in or refreshing.</param>
public sealed record CacheSettings(CacheProtection Protection, string ProtectionOrigin, string Directory, TimeSpan LockTimeout)
{
    public const string ProtectionKey = "credential.entraCacheProtection";
    public const string ProtectionVariable = "GIT_ENTRA_CACHE_PROTECTION";
    public const string LockTimeoutKey = "credential.entraLockTimeout";
    public const string LockTimeoutVariable = "GIT_ENTRA_LOCK_TIMEOUT";

    /// <summary>Long enough for a person to finish a browser or device-code sign-in.</summary>
    public static readonly TimeSpan DefaultLockTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Key/variable catalogue lines for --help: (name, meaning).</summary>
    public static readonly IReadOnlyList<(string Name, string Meaning)> Catalogue =
    [
        (ProtectionKey + " / " + ProtectionVariable,
            "token cache protection: 'os' (default: DPAPI, Keychain or Secret Service) or 'plaintext' (unencrypted file, mode 0600)"),
        (LockTimeoutKey + " / " + LockTimeoutVariable,
            "seconds to wait for another git-credential-entra process that is signing in (default 300)"),
    ];

    /// <summary>
    /// Builds the settings from raw values; the environment wins over git config.
    /// Bad values fail with one line naming the key and the accepted values.
    /// </summary>
    public static CacheSettings From(
        string? protectionVariable, string? protectionConfig,
        string? lockTimeoutVariable, string? lockTimeoutConfig,
        string directory)
    {
        var (protectionRaw, protectionOrigin) = !string.IsNullOrWhiteSpace(protectionVariable)
            ? (protectionVariable, ProtectionVariable)
            : !string.IsNullOrWhiteSpace(protectionConfig) ? (protectionConfig, ProtectionKey) : (null, "default");
        var protection = protectionRaw?.Trim().ToLowerInvariant() switch
        {
            null or "os" or "system" or "keyring" => CacheProtection.OperatingSystem,
            "plaintext" or "plain-text" or "plain" => CacheProtection.PlainText,
            _ => throw new HelperException(
                $"{protectionOrigin}='{protectionRaw}' is not a cache protection: use 'os' (default) or 'plaintext'"),
        };

        var (timeoutRaw, timeoutOrigin) = !string.IsNullOrWhiteSpace(lockTimeoutVariable)
            ? (lockTimeoutVariable, LockTimeoutVariable)
            : (lockTimeoutConfig, LockTimeoutKey);
        var timeout = DefaultLockTimeout;
        if (!string.IsNullOrWhiteSpace(timeoutRaw))
        {
            if (!int.TryParse(timeoutRaw.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds is < 1 or > 3600)
            {
                throw new HelperException($"{timeoutOrigin}='{timeoutRaw}' is not a number of seconds between 1 and 3600");
            }

            timeout = TimeSpan.FromSeconds(seconds);
        }

        return new CacheSettings(protection, protectionOrigin, directory, timeout);
    }
}
