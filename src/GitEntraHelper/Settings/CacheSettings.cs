using System.Globalization;
using GitEntraHelper.Diagnostics;
using GitEntraHelper.Platform;

namespace GitEntraHelper.Settings;

/// <summary>Token cache keys: protection at rest and how long to wait for another process's sign-in.</summary>
public static partial class SettingKeys
{
    public static readonly SettingKey CacheProtection = Define(
        "credential.entraCacheProtection", Variables.CacheProtection, "os",
        "token cache at rest: os (DPAPI, macOS Keychain or Secret Service) or plaintext (unencrypted file, mode 0600; opt-in only)", isProtected: true);

    public static readonly SettingKey LockTimeout = Define(
        "credential.entraLockTimeout", Variables.LockTimeout, "300",
        "seconds to wait for another git-credential-entra process that is signing in or refreshing the same token");
}

public sealed partial class HelperSettings
{
    /// <summary>The token cache settings of this run; the cache lives under the state directory.</summary>
    public CacheSettings Cache(HelperPaths paths) => CacheSettings.From(this, paths);
}

/// <summary>Token cache settings: protection at rest, where it lives, how long to wait for others.</summary>
/// <param name="Protection">OS secret store unless the user opted in to plain text.</param>
/// <param name="ProtectionOrigin">Which key or variable chose the protection, for trace and diagnose.</param>
/// <param name="Directory">Folder (0700) of the cache's locks, version stamps and plain-text or DPAPI files.</param>
/// <param name="LockTimeout">Longest wait for another process that is signing in or refreshing.</param>
public sealed record CacheSettings(CacheProtection Protection, string ProtectionOrigin, string Directory, TimeSpan LockTimeout)
{
    /// <summary>Sub-folder of the state directory that holds the token cache files.</summary>
    public const string DirectoryName = "token-cache";

    public static readonly TimeSpan DefaultLockTimeout = TimeSpan.FromMinutes(5);

    public static CacheSettings From(HelperSettings settings, HelperPaths paths) =>
        Parse(
            settings.GetString(SettingKeys.CacheProtection), settings.DescribeSource(SettingKeys.CacheProtection),
            settings.GetString(SettingKeys.LockTimeout), settings.DescribeSource(SettingKeys.LockTimeout),
            Path.Combine(paths.StateDirectory, DirectoryName));

    /// <summary>Bad values fail with one line naming where the value came from and what is accepted.</summary>
    internal static CacheSettings Parse(string? protection, string protectionOrigin, string? lockTimeout, string lockTimeoutOrigin, string directory)
    {
        var parsed = protection?.Trim().ToLowerInvariant() switch
        {
            null or "" or "os" or "system" or "keyring" => CacheProtection.OperatingSystem,
            "plaintext" or "plain-text" => CacheProtection.PlainText,
            _ => throw new HelperException(
                $"{protectionOrigin} is '{protection}': use 'os' (default: DPAPI, Keychain or Secret Service) or 'plaintext'"),
        };

        var timeout = DefaultLockTimeout;
        if (!string.IsNullOrWhiteSpace(lockTimeout))
        {
            if (!int.TryParse(lockTimeout.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds is < 1 or > 3600)
            {
                throw new HelperException($"{lockTimeoutOrigin} is '{lockTimeout}', expected a number of seconds between 1 and 3600");
            }

            timeout = TimeSpan.FromSeconds(seconds);
        }

        return new CacheSettings(parsed, protectionOrigin, directory, timeout);
    }
}
