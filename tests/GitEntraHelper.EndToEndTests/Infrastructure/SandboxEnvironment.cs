namespace GitEntraHelper.EndToEndTests.Infrastructure;

/// <summary>
/// Which variables of the test process's own environment a sandboxed process may inherit. Anything
/// that could change what git or the helper does (git, Azure SDK, managed identity, CI systems,
/// desktop session, D-Bus) is dropped; a test that wants one sets it explicitly.
/// </summary>
public static class SandboxEnvironment
{
    private static readonly string[] DroppedPrefixes =
    [
        "GIT_", "AZURE_", "IDENTITY_", "MSI_", "ACTIONS_", "SYSTEM_", "GCM_", "XDG_", "DBUS_",
        "GITHUB_", "BUILD_", "AGENT_", "RELEASE_", "GNOME_KEYRING_", "SSH_", "MSBUILD", "_MSBUILD", "VSTEST",
    ];

    private static readonly HashSet<string> DroppedNames = new(StringComparer.Ordinal)
    {
        "HOME", "CI", "TF_BUILD", "BROWSER", "DISPLAY", "WAYLAND_DISPLAY", "LANGUAGE", "LC_ALL",
        "SSL_CERT_FILE", "SSL_CERT_DIR", "CURL_CA_BUNDLE", "REQUESTS_CA_BUNDLE", "EDITOR", "VISUAL", "PAGER",
        "http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY",
    };

    /// <summary>True when a sandboxed process must not inherit <paramref name="name"/> from the test process.</summary>
    public static bool IsDropped(string name) =>
        DroppedNames.Contains(name)
        || DroppedPrefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase));

    /// <summary>The test process's variables that pass into a sandbox.</summary>
    public static Dictionary<string, string> Inherited() =>
        System.Environment.GetEnvironmentVariables()
            .Cast<System.Collections.DictionaryEntry>()
            .Select(e => (Name: (string)e.Key, Value: e.Value as string))
            .Where(e => e.Value is not null && !IsDropped(e.Name))
            .ToDictionary(e => e.Name, e => e.Value!, StringComparer.Ordinal);
}
