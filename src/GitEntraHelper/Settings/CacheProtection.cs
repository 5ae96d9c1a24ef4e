namespace GitEntraHelper.Settings;

/// <summary>How the token cache is protected at rest.</summary>
public enum CacheProtection
{
    /// <summary>The operating system's secret store: DPAPI (Windows), Keychain (macOS), Secret Service (Linux).</summary>
    OperatingSystem,

    /// <summary>Unencrypted file, mode 0600 in a 0700 directory. Only on explicit opt-in.</summary>
    PlainText,
}
