namespace GitEntraHelper.EndToEndTests.Infrastructure;

/// <summary>
/// Gives a sandbox's processes a system git config file of the test's own: each runs in a private mount
/// namespace (<c>unshare</c>) in which the file git was built to read with <c>git config --system</c>
/// (<c>/etc/gitconfig</c>, or <c>PREFIX/etc/gitconfig</c> for a git installed elsewhere) is bind-mounted
/// over with the test's file. The helper reads IT policy from exactly that file and ignores
/// GIT_CONFIG_SYSTEM and GIT_CONFIG_NOSYSTEM, so this is the only honest way to test the policy; nothing
/// outside the namespace sees the change. As root (CI) a mount namespace suffices; otherwise a user
/// namespace maps the user to root inside it.
/// </summary>
internal static class SystemGitConfig
{
    /// <summary>The file <paramref name="gitPath"/> reads with --system when no variable redirects it.</summary>
    public static string FileOf(string gitPath)
    {
        string prefix = Path.GetDirectoryName(Path.GetDirectoryName(gitPath))!;
        return prefix == "/usr" ? "/etc/gitconfig" : Path.Combine(prefix, "etc", "gitconfig");
    }

    /// <summary>The command line that runs <paramref name="fileName"/> with <paramref name="systemFile"/> as git's system config.</summary>
    public static (string FileName, List<string> Arguments) Wrap(string systemFile, string gitPath, string fileName, IEnumerable<string> arguments)
    {
        string target = FileOf(gitPath);
        EnsureMountPoint(target);
        List<string> unshare = IsRoot()
            ? ["--mount", "--propagation", "private"]
            : ["--map-root-user", "--mount", "--propagation", "private"];
        return ("unshare",
            [.. unshare, "--", "/bin/sh", "-c", "mount --bind \"$1\" \"$2\" || exit 97; shift 2; exec \"$@\"", "sh", systemFile, target, fileName, .. arguments]);
    }

    private static bool IsRoot() => File.ReadAllText("/proc/self/status").Contains("\nUid:\t0\t", StringComparison.Ordinal);

    /// <summary>A bind mount needs an existing file to cover; an empty system config changes nothing for git.</summary>
    private static void EnsureMountPoint(string target)
    {
        if (File.Exists(target))
        {
            return;
        }

        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            using (File.Open(target, FileMode.OpenOrCreate, FileAccess.Write))
            {
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"{target} does not exist and cannot be created, so a test system config cannot be mounted over it; run the tests as root (as CI does) or create an empty {target}.", e);
        }
    }
}
