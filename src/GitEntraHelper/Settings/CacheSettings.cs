using System.Globalization;
using GitEntraHelper.Diagnostics;
using GitEntraHelper.Platform;

namespace GitEntraHelper.Settings;

/// <summary>Token cache keys: protection at rest and how long to wait for another process's sign-in.</summary>
public static partial class SettingKeys
{
    public static readonly SettingKey CacheProtection = Define(
        "credential.entraCacheProtection", Variables.CacheProtection, "os",
        "token cache at rest: os (DPAPI, macOS Keychain, or the Secret Service — without one, the Linux kernel keyring, memory only) or plaintext (unencrypted file, mode 0600; opt-in only)", isProtected: true);

    public static readonly SettingKey KeyringTimeout = Define(
        "credential.entraKeyringTimeout", Variables.KeyringTimeout, "86400",
        "Linux without a Secret Service: seconds a sign-in kept in the kernel keyring survives unused (every use starts it again; 0: until logout or reboot)", isProtected: true);

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

    /// <summary>A day: a sign-in used every working day stays; one forgotten on a shared box goes by the next.</summary>
    public static readonly TimeSpan DefaultKeyringTimeout = TimeSpan.FromHours(24);

    /// <summary>
    /// How long a token cache kept in the kernel keyring (Linux without a Secret Service) survives without
    /// use; zero: until logout or reboot. Every read and write starts it again.
    /// </summary>
    public TimeSpan KeyringTimeout { get; init; } = DefaultKeyringTimeout;

    /// <summary>Which key or variable set <see cref="KeyringTimeout"/>, for trace and diagnose.</summary>
    public string KeyringTimeoutOrigin { get; init; } = "default; credential.entraKeyringTimeout changes it";

    public static CacheSettings From(HelperSettings settings, HelperPaths paths) =>
        Parse(
            settings.GetString(SettingKeys.CacheProtection), settings.DescribeSource(SettingKeys.CacheProtection),
            settings.GetString(SettingKeys.LockTimeout), settings.DescribeSource(SettingKeys.LockTimeout),
            Path.Combine(paths.StateDirectory, DirectoryName)) with
        {
            KeyringTimeout = ParseKeyringTimeout(settings.GetString(SettingKeys.KeyringTimeout), settings.DescribeSource(SettingKeys.KeyringTimeout)),
            KeyringTimeoutOrigin = settings.DescribeSource(SettingKeys.KeyringTimeout) is "default"
                ? $"default; {SettingKeys.KeyringTimeout.GitConfigKey} changes it"
                : settings.DescribeSource(SettingKeys.KeyringTimeout),
        };

    /// <summary>Seconds, 0 (no timeout) or 60 to a year; anything else is one line naming its source.</summary>
    internal static TimeSpan ParseKeyringTimeout(string? value, string origin)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return DefaultKeyringTimeout;
        }

        const int Year = 366 * 24 * 3600;
        if (!int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds is > 0 and < 60 or > Year)
        {
            throw new HelperException($"{origin} is '{value}', expected a number of seconds: 0 (until logout or reboot) or 60 to {Year}");
        }

        return TimeSpan.FromSeconds(seconds);
    }

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
