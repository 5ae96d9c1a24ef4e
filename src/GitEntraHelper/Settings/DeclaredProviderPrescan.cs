namespace GitEntraHelper.Settings;

/// <summary>
/// Decides, without starting git, whether git config can possibly declare a provider for a host, so
/// a request for a host that is not Azure DevOps can fall through as fast as git's own helpers. It
/// reads the config sources git reads — command line (<c>GIT_CONFIG_PARAMETERS</c>,
/// <c>GIT_CONFIG_COUNT</c>), system, global, repository — and answers "no" only when every source is
/// found and none contains the word "provider" or "include" (an include may pull in any file). Any
/// doubt — an unreadable or unusually large file, an unknown git installation layout — answers
/// "maybe", and the caller asks git itself. It can make us slower, never wrong.
/// </summary>
public sealed class DeclaredProviderPrescan
{
    private const long MaxFileBytes = 1024 * 1024;
    private const long MaxReadBytes = 4 * 1024 * 1024;
    private static readonly byte[][] Words = ["provider"u8.ToArray(), "include"u8.ToArray()];

    private readonly IEnvironmentVariables _environment;
    private readonly string _workingDirectory;
    private readonly bool _windows;
    private readonly Dictionary<string, (ConfigFileState, byte[]?)> _files = new(StringComparer.Ordinal);
    private (bool May, string Reason)? _answer;

    public DeclaredProviderPrescan(IEnvironmentVariables environment, string workingDirectory)
        : this(environment, workingDirectory, OperatingSystem.IsWindows())
    {
    }

    internal DeclaredProviderPrescan(IEnvironmentVariables environment, string workingDirectory, bool windows)
    {
        _environment = environment;
        _workingDirectory = workingDirectory;
        _windows = windows;
    }

    /// <summary>False only when no git config source can declare a provider; <paramref name="reason"/> says why (for traces).</summary>
    public bool MayDeclareProvider(out string reason)
    {
        // Asked by the memory cache and by the fall-through in one run: scan once.
        _answer ??= (MayDeclareProviderOnce(out string why), why);
        reason = _answer.Value.Reason;
        return _answer.Value.May;
    }

    private bool MayDeclareProviderOnce(out string reason)
    {
        if (CommandLineConfig() is not { } commandLine)
        {
            reason = "GIT_CONFIG_COUNT is unusual";
            return true;
        }

        foreach (var (variable, text) in commandLine)
        {
            if (MentionsWord(text))
            {
                reason = $"{variable} mentions a provider or include";
                return true;
            }
        }

        if (ConfigFiles() is not { } files)
        {
            reason = "cannot tell which files git reads";
            return true;
        }

        foreach (string file in files)
        {
            if (FileMayDeclare(file))
            {
                reason = $"{file} mentions a provider or include (or cannot be read)";
                return true;
            }
        }

        reason = $"none of {files.Count} git config files mentions a provider";
        return false;
    }

    /// <summary>
    /// The config git passes on from `git -c` — GIT_CONFIG_PARAMETERS, then each GIT_CONFIG_KEY_n and
    /// GIT_CONFIG_VALUE_n below GIT_CONFIG_COUNT — as (variable, text) for the set ones; null when
    /// GIT_CONFIG_COUNT is not a count git would accept. Every variable is read.
    /// </summary>
    internal List<(string Variable, string Text)>? CommandLineConfig()
    {
        var entries = new List<(string, string)>();
        if (_environment.Get("GIT_CONFIG_PARAMETERS") is { Length: > 0 } parameters)
        {
            entries.Add(("GIT_CONFIG_PARAMETERS", parameters));
        }

        if (_environment.Get("GIT_CONFIG_COUNT") is { Length: > 0 } countText)
        {
            if (!int.TryParse(countText, out int count) || count is < 0 or > 1000)
            {
                return null;
            }

            for (int i = 0; i < count; i++)
            {
                foreach (string variable in (string[])[$"GIT_CONFIG_KEY_{i}", $"GIT_CONFIG_VALUE_{i}"])
                {
                    if (_environment.Get(variable) is { Length: > 0 } text)
                    {
                        entries.Add((variable, text));
                    }
                }
            }
        }

        return entries;
    }

    /// <summary>Every file git may read config from, or null when the list cannot be known.</summary>
    internal List<string>? ConfigFiles()
    {
        var files = new List<string>();
        if (!IsTrue(_environment.Get("GIT_CONFIG_NOSYSTEM")))
        {
            if (_environment.Get("GIT_CONFIG_SYSTEM") is { Length: > 0 } system)
            {
                files.Add(system);
            }
            else if (SystemConfigFiles() is { } systemFiles)
            {
                files.AddRange(systemFiles);
            }
            else
            {
                return null;
            }
        }

        if (_environment.Get("GIT_CONFIG_GLOBAL") is { Length: > 0 } global)
        {
            files.Add(global);
        }
        else
        {
            string? home = _environment.Get("HOME");
            string? xdg = _environment.Get("XDG_CONFIG_HOME");
            if (string.IsNullOrEmpty(home) && string.IsNullOrEmpty(xdg))
            {
                return null;
            }

            if (!string.IsNullOrEmpty(xdg))
            {
                files.Add(Path.Combine(xdg, "git", "config"));
            }
            else
            {
                files.Add(Path.Combine(home!, ".config", "git", "config"));
            }

            if (!string.IsNullOrEmpty(home))
            {
                files.Add(Path.Combine(home, ".gitconfig"));
            }
        }

        if (RepositoryConfigFiles() is not { } repositoryFiles)
        {
            return null;
        }

        files.AddRange(repositoryFiles);
        return files;
    }

    /// <summary>
    /// git's compiled-in system config is <c>/etc/gitconfig</c> for a git installed under /usr, and
    /// <c>PREFIX/etc/gitconfig</c> otherwise. The installation comes from GIT_EXEC_PATH (git sets it for
    /// the helpers it runs), else from the git found on PATH. Both candidates are scanned.
    /// </summary>
    private List<string>? SystemConfigFiles()
    {
        // Git for Windows reads <install>\etc\gitconfig (its prefix is <install>\mingw64, so not
        // PREFIX\etc) and %PROGRAMDATA%\Git\config: nothing names them reliably, so there git decides.
        if (_windows)
        {
            return null;
        }

        var files = new List<string> { "/etc/gitconfig" };
        string? prefix = null;
        if (_environment.Get("GIT_EXEC_PATH") is { Length: > 0 } execPath)
        {
            string trimmed = execPath.TrimEnd('/');
            foreach (string suffix in new[] { "/libexec/git-core", "/lib/git-core" })
            {
                if (trimmed.EndsWith(suffix, StringComparison.Ordinal))
                {
                    prefix = trimmed[..^suffix.Length];
                }
            }

            if (prefix is null)
            {
                return null;
            }
        }
        else if (FindGitOnPath() is { } git)
        {
            string? bin = Path.GetDirectoryName(git);
            prefix = bin is not null && Path.GetFileName(bin) == "bin" ? Path.GetDirectoryName(bin) : null;
            if (prefix is null)
            {
                return null;
            }
        }
        else
        {
            return null;
        }

        if (prefix is not "/usr" and not "")
        {
            files.Add(Path.Combine(prefix, "etc", "gitconfig"));
        }

        return files;
    }

    private string? FindGitOnPath()
    {
        foreach (string directory in (_environment.Get("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(directory, "git");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>
    /// The repository git would use from our working directory: GIT_DIR, else the nearest parent with
    /// a .git directory or "gitdir:" file, or a bare repository. Its config, config.worktree, and the
    /// common directory's config for linked worktrees. No repository → no files.
    /// </summary>
    private List<string>? RepositoryConfigFiles()
    {
        string? gitDirectory = _environment.Get("GIT_DIR") is { Length: > 0 } fromEnvironment
            ? Path.GetFullPath(fromEnvironment, _workingDirectory)
            : DiscoverGitDirectory(_workingDirectory, out bool unsure) ?? (unsure ? "?" : null);
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
            if (string.IsNullOrEmpty(common))
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
                if (text is null || !text.StartsWith("gitdir:", StringComparison.Ordinal))
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

    private bool FileMayDeclare(string path)
    {
        try
        {
            var (state, bytes) = ReadConfigFile(path);
            return state switch
            {
                ConfigFileState.Absent => false,
                ConfigFileState.Read when bytes!.Length <= MaxFileBytes => ContainsWord(bytes),
                _ => true, // a directory (git would fail: let git say so) or an unusually large file
            };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }

    /// <summary>
    /// A config file's bytes, or that it is absent, a directory or over 4 MiB; read once per run (the
    /// memory cache's fingerprint reads the same files right after this scan).
    /// </summary>
    /// <exception cref="IOException">It exists but cannot be read.</exception>
    internal (ConfigFileState State, byte[]? Bytes) ReadConfigFile(string path)
    {
        if (_files.TryGetValue(path, out var known))
        {
            return known;
        }

        var info = new FileInfo(path);
        (ConfigFileState, byte[]?) file = !info.Exists
            ? (Directory.Exists(path) ? ConfigFileState.Directory : ConfigFileState.Absent, null)
            : RawFile.ReadAll(path, MaxReadBytes) is { } bytes ? (ConfigFileState.Read, bytes)
            : (ConfigFileState.TooLarge, null);
        _files[path] = file;
        return file;
    }

    private static string? ReadSmallText(string path)
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

    private static bool MentionsWord(string? text) =>
        !string.IsNullOrEmpty(text) && ContainsWord(System.Text.Encoding.UTF8.GetBytes(text));

    private static bool ContainsWord(ReadOnlySpan<byte> bytes)
    {
        foreach (byte[] word in Words)
        {
            if (IndexOfIgnoreAsciiCase(bytes, word) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    private static int IndexOfIgnoreAsciiCase(ReadOnlySpan<byte> haystack, ReadOnlySpan<byte> lowerNeedle)
    {
        for (int i = 0; i + lowerNeedle.Length <= haystack.Length; i++)
        {
            int j = 0;
            while (j < lowerNeedle.Length && (haystack[i + j] | 0x20) == lowerNeedle[j])
            {
                j++;
            }

            if (j == lowerNeedle.Length)
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsTrue(string? value) => value is not null && HelperSettings.TryParseBool(value, out bool result) && result;
}

/// <summary>What <see cref="DeclaredProviderPrescan.ReadConfigFile"/> found at a config file's path.</summary>
internal enum ConfigFileState
{
    Absent,
    Directory,
    TooLarge,
    Read,
}
