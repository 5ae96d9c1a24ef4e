using GitEntraHelper.Platform;

namespace GitEntraHelper.Settings.GitConfig;

/// <summary>Which repository git works in from a directory, found as git's discovery does, without starting git.</summary>
public static class RepositoryDiscovery
{
    /// <summary>
    /// The repository git would use from our working directory: GIT_DIR, else the nearest parent with
    /// a .git directory or "gitdir:" file, or a bare repository. Its config, config.worktree, and the
    /// common directory's config for linked worktrees. No repository → no files.
    /// </summary>
    public static List<string>? ConfigFiles(IEnvironmentVariables environment, string workingDirectory)
    {
        string? gitDirectory = environment.Get(Variables.GitDir) is { Length: > 0 } fromEnvironment
            ? Path.GetFullPath(fromEnvironment, workingDirectory)
            : DiscoverGitDirectory(workingDirectory, out bool unsure) ?? (unsure ? "?" : null);
        if (gitDirectory == "?")
        {
            return null;
        }

        var files = new List<string>();
        if (gitDirectory is null)
        {
            return files;
        }

        files.Add(Path.Combine(gitDirectory, "config"));
        files.Add(Path.Combine(gitDirectory, "config.worktree"));
        string commonDirFile = Path.Combine(gitDirectory, "commondir");
        if (File.Exists(commonDirFile))
        {
            string? common = ReadSmallText(commonDirFile)?.Trim();
            if (string.IsNullOrEmpty(common) || common.Contains('\0', StringComparison.Ordinal))
            {
                return null;
            }

            files.Add(Path.Combine(Path.GetFullPath(common, gitDirectory), "config"));
        }

        return files;
    }

    private static string? DiscoverGitDirectory(string start, out bool unsure)
    {
        unsure = false;
        for (string? directory = start; directory is not null; directory = Path.GetDirectoryName(directory))
        {
            string dotGit = Path.Combine(directory, ".git");
            if (Directory.Exists(dotGit))
            {
                return dotGit;
            }

            if (File.Exists(dotGit))
            {
                string? text = ReadSmallText(dotGit)?.Trim();
                // A NUL makes no path (ArgumentException from every file API; found by fuzz/ git-config): let git say.
                if (text is null || !text.StartsWith("gitdir:", StringComparison.Ordinal) || text.Contains('\0', StringComparison.Ordinal))
                {
                    unsure = true;
                    return null;
                }

                return Path.GetFullPath(text["gitdir:".Length..].Trim(), directory);
            }

            if (File.Exists(Path.Combine(directory, "HEAD")) && Directory.Exists(Path.Combine(directory, "objects"))
                && Directory.Exists(Path.Combine(directory, "refs")))
            {
                return directory; // a bare repository
            }
        }

        return null;
    }

    internal static string? ReadSmallText(string path)
    {
        try
        {
            return new FileInfo(path).Length <= 64 * 1024 ? File.ReadAllText(path) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
