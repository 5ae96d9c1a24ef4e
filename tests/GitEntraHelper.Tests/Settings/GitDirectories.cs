namespace GitEntraHelper.Tests.Settings;

/// <summary>The smallest git directories git's is_git_directory accepts (HEAD, objects/, refs/), for discovery tests.</summary>
internal static class GitDirectories
{
    /// <summary>Makes <paramref name="gitDirectory"/> a valid git directory (and returns it).</summary>
    public static string Init(string gitDirectory, string head = "ref: refs/heads/main\n")
    {
        Directory.CreateDirectory(Path.Combine(gitDirectory, "objects"));
        Directory.CreateDirectory(Path.Combine(gitDirectory, "refs"));
        File.WriteAllText(Path.Combine(gitDirectory, "HEAD"), head);
        return gitDirectory;
    }

    /// <summary>A linked worktree's git directory: its own HEAD and a commondir file pointing back.</summary>
    public static string InitWorktree(string worktreeGitDirectory, string commonDirectory)
    {
        Directory.CreateDirectory(worktreeGitDirectory);
        File.WriteAllText(Path.Combine(worktreeGitDirectory, "HEAD"), "ref: refs/heads/wt\n");
        File.WriteAllText(Path.Combine(worktreeGitDirectory, "commondir"), Path.GetRelativePath(worktreeGitDirectory, commonDirectory) + "\n");
        return worktreeGitDirectory;
    }
}
