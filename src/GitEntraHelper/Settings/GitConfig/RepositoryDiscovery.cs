using System.Text;
using GitEntraHelper.Platform;

namespace GitEntraHelper.Settings.GitConfig;

/// <summary>Where git's repository is: its git directory and common directory (they differ in a linked worktree).</summary>
public sealed record RepositoryLocation(string GitDirectory, string CommonDirectory);

/// <summary>
/// Which repository git works in from a directory, decided by git's own rules without starting git
/// (setup.c of git 2.39–2.47: setup_git_directory_gently_1, read_gitfile_gently, is_git_directory,
/// validate_headref, get_common_dir_noenv, ensure_valid_ownership, longest_ancestor_length):
/// GIT_DIR (a directory or a gitfile; one that is no repository is unsure), else the walk up from the working directory that tries
/// DIR/.git as a gitfile, as a directory, then DIR itself as a bare repository, and walks on past a
/// `.git` that is not a valid repository, stopping at GIT_CEILING_DIRECTORIES and (unless
/// GIT_DISCOVERY_ACROSS_FILESYSTEM) at a file-system boundary. Whatever git would refuse with an
/// error or decide from config we do not read — an invalid gitfile, a repository not owned by us
/// (safe.directory), a bare repository while safe.bareRepository may be set, GIT_COMMON_DIR or
/// GIT_OBJECT_DIRECTORY set — is "unsure": the caller asks git itself.
/// Over 300 lines on purpose: it follows setup.c rule by rule, in its order, so the two can be read side by side.
/// </summary>
public static class RepositoryDiscovery
{
    private const int MaxGitFileBytes = 1 << 20; // read_gitfile_gently's limit
    private const int PathMax = 4096;
    private static readonly GitPathSyntax Paths = GitPathSyntax.Current;

    /// <summary>What discovery found.</summary>
    public enum Outcome
    {
        NoRepository,
        Found,
        Unsure,
    }

    /// <summary>
    /// The repository git would use from <paramref name="workingDirectory"/> (a physical path, as
    /// getcwd gives). <paramref name="bareMayBeRestricted"/> says whether safe.bareRepository could be
    /// set in the protected scopes (system, global, command line).
    /// </summary>
    public static Outcome Discover(IEnvironmentVariables environment, string workingDirectory, Func<bool> bareMayBeRestricted, out RepositoryLocation? repository)
    {
        repository = null;
        if (environment.Get(Variables.GitCommonDir) is not null || environment.Get(Variables.GitObjectDirectory) is not null
            || Paths.RootLength(workingDirectory) is not { } rootLength)
        {
            return Outcome.Unsure;
        }

        if (environment.Get(Variables.GitDir) is { } explicitDirectory)
        {
            return Explicit(explicitDirectory, workingDirectory, out repository);
        }

        if (CeilingOffset(environment.Get(Variables.GitCeilingDirectories), workingDirectory) is not { } ceiling
            || OneFileSystem(environment.Get(Variables.GitDiscoveryAcrossFilesystem)) is not { } oneFileSystem)
        {
            return Outcome.Unsure;
        }

        FileInfoSnapshot start = FileStatus.Of(workingDirectory);
        if (oneFileSystem && start.Kind == FileKind.Missing)
        {
            return Outcome.Unsure;
        }

        ulong device = start.Device;
        string directory = Paths.TrimEnd(workingDirectory, rootLength);
        while (true)
        {
            string dotGit = Paths.Join(directory, ".git");
            var (gitFile, target) = ReadGitFile(dotGit);
            string? gitDirectory = null;
            switch (gitFile)
            {
                case Verdict.Unsure:
                    return Outcome.Unsure; // git dies: "invalid gitfile format", "not a git repository"
                case Verdict.Yes:
                    gitDirectory = target;
                    break;
                case Verdict.No when target is not null: // there, but not a regular file: a .git directory?
                    Verdict directoryVerdict = IsGitDirectory(dotGit, out _);
                    if (directoryVerdict == Verdict.Unsure)
                    {
                        return Outcome.Unsure;
                    }

                    gitDirectory = directoryVerdict == Verdict.Yes ? dotGit : null; // not valid: git walks on
                    break;
            }

            if (gitDirectory is not null)
            {
                if ((gitFile == Verdict.Yes && !OwnedByUs(dotGit)) || !OwnedByUs(directory) || !OwnedByUs(gitDirectory))
                {
                    return Outcome.Unsure; // git consults safe.directory
                }

                return Found(gitDirectory, out repository);
            }

            switch (IsGitDirectory(directory, out _))
            {
                case Verdict.Unsure:
                    return Outcome.Unsure;
                case Verdict.Yes when bareMayBeRestricted() || !OwnedByUs(directory):
                    return Outcome.Unsure; // safe.bareRepository, safe.directory
                case Verdict.Yes:
                    return Found(directory, out repository);
            }

            // Up one level, as git does: never the ceiling itself, never above the root, never across a mount point.
            int slash = Paths.LastSeparator(directory);
            if (directory.Length <= rootLength || slash <= ceiling)
            {
                return Outcome.NoRepository;
            }

            directory = directory[..Math.Max(slash, rootLength)];
            if (oneFileSystem && FileStatus.Of(directory) is var parent && (parent.Kind == FileKind.Missing || parent.Device != device))
            {
                return parent.Kind == FileKind.Missing ? Outcome.Unsure : Outcome.NoRepository; // git dies when it cannot stat it
            }
        }
    }

    /// <summary>The config files git reads for <paramref name="repository"/>: the common config and the worktree's config.worktree.</summary>
    public static List<string> ConfigFiles(RepositoryLocation repository) =>
        [Path.Join(repository.CommonDirectory, "config"), Path.Join(repository.GitDirectory, "config.worktree")];

    private enum Verdict
    {
        No,
        Yes,
        Unsure,
    }

    /// <summary>
    /// setup_explicit_git_dir: GIT_DIR may be a gitfile. One that is not a repository is unsure: git then
    /// has no repository, yet still parses GIT_DIR/config early (read_early_config), and fails on its errors.
    /// </summary>
    private static Outcome Explicit(string value, string workingDirectory, out RepositoryLocation? repository)
    {
        repository = null;
        if (value.Length is 0 or > PathMax - 40 || value.Contains('\0'))
        {
            return Outcome.Unsure;
        }

        string path = Path.IsPathRooted(value) ? value : Path.Join(workingDirectory, value);
        var (gitFile, target) = ReadGitFile(path);
        if (gitFile == Verdict.Unsure)
        {
            return Outcome.Unsure;
        }

        path = gitFile == Verdict.Yes ? target! : path;
        return IsGitDirectory(path, out _) switch
        {
            Verdict.Yes => Found(path, out repository),
            _ => Outcome.Unsure,
        };
    }

    private static Outcome Found(string gitDirectory, out RepositoryLocation? repository)
    {
        repository = null;
        if (CommonDirectory(gitDirectory) is not { } common)
        {
            return Outcome.Unsure;
        }

        repository = new RepositoryLocation(gitDirectory, common);
        return Outcome.Found;
    }

    /// <summary>
    /// read_gitfile_gently: (No, null) when there is nothing to stat, (No, "") when it is not a regular
    /// file (the caller tries it as a directory), (Yes, realpath of its target), or Unsure where git dies.
    /// </summary>
    private static (Verdict, string?) ReadGitFile(string path)
    {
        FileInfoSnapshot info = FileStatus.Of(path);
        if (info.Kind == FileKind.Missing)
        {
            return (Verdict.No, null);
        }

        if (info.Kind != FileKind.File)
        {
            return (Verdict.No, "");
        }

        if (info.Size > MaxGitFileBytes || ReadText(path, MaxGitFileBytes) is not { } text
            || !text.StartsWith("gitdir: ", StringComparison.Ordinal) || text.AsSpan().IndexOfAny('\0', '\uFFFD') >= 0)
        {
            return (Verdict.Unsure, null);
        }

        string target = text.TrimEnd('\n', '\r')[Math.Min(8, text.Length)..];
        if (target.Length == 0)
        {
            return (Verdict.Unsure, null);
        }

        if (!Paths.IsAbsolute(target))
        {
            target = path[..(Paths.LastSeparator(path) + 1)] + target;
        }

        return IsGitDirectory(target, out _) == Verdict.Yes && FileStatus.RealPath(target) is { } real
            ? (Verdict.Yes, real)
            : (Verdict.Unsure, null);
    }

    /// <summary>is_git_directory: a valid HEAD, and objects/ and refs/ in its common directory.</summary>
    private static Verdict IsGitDirectory(string suspect, out string? common)
    {
        common = null;
        string head = Paths.Join(suspect, "HEAD");
        if (!IsValidHead(head))
        {
            return Verdict.No;
        }

        common = CommonDirectory(suspect);
        if (common is null)
        {
            return Verdict.Unsure; // git dies reading the commondir file
        }

        return FileStatus.IsSearchable(common + "/objects") && FileStatus.IsSearchable(common + "/refs") ? Verdict.Yes : Verdict.No;
    }

    /// <summary>validate_headref: a symbolic link into refs/, "ref: refs/…", or an object name.</summary>
    private static bool IsValidHead(string path)
    {
        FileInfoSnapshot info = FileStatus.Of(path, followLinks: false);
        if (info.Kind == FileKind.Missing)
        {
            return false;
        }

        if (info.Kind == FileKind.SymbolicLink)
        {
            return FileStatus.LinkTarget(path)?.StartsWith("refs/", StringComparison.Ordinal) == true;
        }

        if (info.Kind != FileKind.File || ReadText(path, 255, whole: false) is not { } text) // a FIFO would block git itself
        {
            return false;
        }

        int nul = text.IndexOf('\0');
        text = nul < 0 ? text : text[..nul];
        if (text.StartsWith("ref:", StringComparison.Ordinal))
        {
            string name = text[4..].TrimStart(' ', '\t', '\n', '\r'); // git's isspace
            if (name.StartsWith("refs/", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return text.Length >= 40 && text.AsSpan(0, 40).ContainsAnyExcept("0123456789abcdefABCDEF") == false;
    }

    /// <summary>get_common_dir_noenv: the commondir file's directory (realpath), or the git directory itself; null where git dies.</summary>
    private static string? CommonDirectory(string gitDirectory)
    {
        string file = gitDirectory + "/commondir";
        if (FileStatus.Of(file).Kind == FileKind.Missing)
        {
            return gitDirectory;
        }

        string? data = ReadText(file, 64 * 1024)?.TrimEnd('\n', '\r');
        if (string.IsNullOrEmpty(data) || data.Contains('\0'))
        {
            return null;
        }

        return FileStatus.RealPath(Paths.IsAbsolute(data) ? data : gitDirectory + "/" + data);
    }

    /// <summary>git's ensure_valid_ownership without safe.directory: lstat's owner is our effective uid.</summary>
    private static bool OwnedByUs(string path)
    {
        if (!FileStatus.Exact)
        {
            return true; // elsewhere git's ownership rules differ; a superset of git's files is still safe for the prescan
        }

        FileInfoSnapshot info = FileStatus.Of(path, followLinks: false);
        return info.Kind != FileKind.Missing && info.Owner == FileStatus.EffectiveUserId;
    }

    /// <summary>
    /// longest_ancestor_length over GIT_CEILING_DIRECTORIES as canonicalize_ceiling_entry leaves it:
    /// -1 without one; null when an entry cannot be resolved as git would. On Windows, where the list
    /// is ';'-separated and entries are resolved as Git for Windows's realpath does, always null: git decides.
    /// </summary>
    private static int? CeilingOffset(string? ceilings, string workingDirectory)
    {
        if (string.IsNullOrEmpty(ceilings) || workingDirectory == "/")
        {
            return -1;
        }

        if (Paths.Windows)
        {
            return null;
        }

        int longest = -1;
        bool afterEmpty = false;
        foreach (string entry in ceilings.Split(':'))
        {
            if (entry.Length == 0)
            {
                afterEmpty = true;
                continue;
            }

            if (!entry.StartsWith('/'))
            {
                continue;
            }

            string? ceiling = afterEmpty ? entry : FileStatus.RealPath(entry);
            if (ceiling is null)
            {
                continue; // git drops an entry it cannot resolve
            }

            int length = ceiling.EndsWith('/') ? ceiling.Length - 1 : ceiling.Length;
            if (workingDirectory.Length > length + 1 && workingDirectory[length] == '/'
                && string.CompareOrdinal(workingDirectory, 0, ceiling, 0, length) == 0)
            {
                longest = Math.Max(longest, length);
            }
        }

        return longest;
    }

    /// <summary>git_env_bool(GIT_DISCOVERY_ACROSS_FILESYSTEM, 0), negated; null for a value git would die on.</summary>
    private static bool? OneFileSystem(string? value) =>
        value is null ? true : GitBoolean.IsTrue(value) ? false : GitBoolean.IsFalse(value) ? true : null;

    private static string? ReadText(string path, int maxBytes, bool whole = true)
    {
        try
        {
            byte[]? bytes = RawFile.ReadAll(path, maxBytes);
            if (bytes is null)
            {
                return whole ? null : ReadPrefix(path, maxBytes);
            }

            return Encoding.UTF8.GetString(bytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string? ReadPrefix(string path, int maxBytes)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read);
        var buffer = new byte[maxBytes];
        int read = stream.ReadAtLeast(buffer, maxBytes, throwOnEndOfStream: false);
        return Encoding.UTF8.GetString(buffer, 0, read);
    }
}
