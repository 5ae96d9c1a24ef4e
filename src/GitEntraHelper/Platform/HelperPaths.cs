namespace GitEntraHelper.Platform;

/// <summary>
/// Where our files live. Linux/macOS: XDG (<c>$XDG_STATE_HOME</c> or ~/.local/state, <c>$XDG_CACHE_HOME</c>
/// or ~/.cache; relative XDG values are ignored as the spec requires). Windows: %LOCALAPPDATA%.
/// Always a directory named git-credential-entra; nothing is created until a writer needs it.
/// </summary>
public sealed class HelperPaths
{
    public const string DirectoryName = "git-credential-entra";

    public HelperPaths(string stateDirectory, string cacheDirectory)
    {
        StateDirectory = stateDirectory;
        CacheDirectory = cacheDirectory;
    }

    /// <summary>Data worth keeping (token cache, account choice).</summary>
    public string StateDirectory { get; }

    /// <summary>Data that can be rebuilt (tenant per organization).</summary>
    public string CacheDirectory { get; }

    public static HelperPaths FromEnvironment(IEnvironmentVariables environment) =>
        FromEnvironment(environment, OperatingSystem.IsWindows());

    internal static HelperPaths FromEnvironment(IEnvironmentVariables environment, bool windows)
    {
        if (windows)
        {
            string root = Absolute(environment.Get(Variables.LocalAppData))
                ?? Path.Combine(Home(environment), "AppData", "Local");
            string baseDir = Path.Combine(root, DirectoryName);
            return new HelperPaths(Path.Combine(baseDir, "state"), Path.Combine(baseDir, "cache"));
        }

        string state = Absolute(environment.Get(Variables.XdgStateHome)) ?? Path.Combine(Home(environment), ".local", "state");
        string cache = Absolute(environment.Get(Variables.XdgCacheHome)) ?? Path.Combine(Home(environment), ".cache");
        return new HelperPaths(Path.Combine(state, DirectoryName), Path.Combine(cache, DirectoryName));
    }

    private static string? Absolute(string? value) =>
        !string.IsNullOrEmpty(value) && Path.IsPathFullyQualified(value) ? value : null;

    private static string Home(IEnvironmentVariables environment) =>
        Absolute(environment.Get(Variables.Home)) ?? Absolute(environment.Get(Variables.UserProfile))
        ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
}
