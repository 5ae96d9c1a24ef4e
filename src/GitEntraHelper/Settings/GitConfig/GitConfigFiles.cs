using GitEntraHelper.Platform;

namespace GitEntraHelper.Settings.GitConfig;

/// <summary>
/// Which config sources git reads in this run, found without starting git: command line
/// (<c>GIT_CONFIG_PARAMETERS</c>, <c>GIT_CONFIG_COUNT</c>), the system file(s), the global files and
/// the repository's (discovered from the working directory as git does). Files are read once per run
/// and shared by their readers (the provider prescan, the memory cache's fingerprint). Null answers mean
/// "cannot tell as git would": callers then ask git itself.
/// Over 300 lines on purpose: every source git reads is found here, in git's order (config.c's
/// do_git_config_sequence), so that order is stated once.
/// </summary>
public sealed class GitConfigFiles
{
    private const long MaxReadBytes = 4 * 1024 * 1024;

    private readonly IEnvironmentVariables _environment;
    private readonly string _workingDirectory;
    private readonly bool _windows;
    private readonly Dictionary<string, (ConfigFileState, byte[]?)> _files = new(StringComparer.Ordinal);

    public GitConfigFiles(IEnvironmentVariables environment, string workingDirectory)
        : this(environment, workingDirectory, OperatingSystem.IsWindows())
    {
    }

    internal GitConfigFiles(IEnvironmentVariables environment, string workingDirectory, bool windows)
    {
        _environment = environment;
        _workingDirectory = workingDirectory;
        _windows = windows;
    }

    private List<string>? _system;
    private bool _systemFound;
    private List<string>? _repository;
    private RepositoryLocation? _location;
    private bool _repositoryFound;

    /// <summary>The environment these files were found from (the fingerprint reads more of it).</summary>
    public IEnvironmentVariables Environment => _environment;

    /// <summary>
    /// The config git passes on from `git -c` — GIT_CONFIG_PARAMETERS, then each GIT_CONFIG_KEY_n and
    /// GIT_CONFIG_VALUE_n below GIT_CONFIG_COUNT — as (variable, text) for the set ones; null when
    /// GIT_CONFIG_COUNT is not a count git would accept. Every variable is read.
    /// </summary>
    public List<(string Variable, string Text)>? CommandLineConfig()
    {
        var entries = new List<(string, string)>();
        if (_environment.Get(Variables.GitConfigParameters) is { Length: > 0 } parameters)
        {
            entries.Add((Variables.GitConfigParameters, parameters));
        }

        if (_environment.Get(Variables.GitConfigCount) is { Length: > 0 } countText)
        {
            if (!int.TryParse(countText, out int count) || count is < 0 or > 1000)
            {
                return null;
            }

            for (int i = 0; i < count; i++)
            {
                foreach (string variable in (string[])[Variables.GitConfigKeyPrefix + i, Variables.GitConfigValuePrefix + i])
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

    /// <summary>The repository's own config files (local and worktree scope), or null when git's choice is unclear.</summary>
    public List<string>? RepositoryFiles()
    {
        if (!_repositoryFound)
        {
            var outcome = RepositoryDiscovery.Discover(_environment, _workingDirectory, () => ProtectedMayMention("barerepository"), out _location);
            _repository = outcome switch
            {
                RepositoryDiscovery.Outcome.Found => RepositoryDiscovery.ConfigFiles(_location!),
                RepositoryDiscovery.Outcome.NoRepository => [],
                _ => null,
            };
            _repositoryFound = true;
        }

        return _repository;
    }

    /// <summary>The repository git works in (null: none, or unknown — see <see cref="RepositoryFiles"/>).</summary>
    public RepositoryLocation? Repository
    {
        get
        {
            RepositoryFiles();
            return _location;
        }
    }

    /// <summary>
    /// False only when none of the repository's own config files can set <paramref name="word"/> (a key's last
    /// part, lower-case): each is readable, none names it and none includes another file.
    /// </summary>
    public bool RepositoryMayMention(string word)
    {
        if (RepositoryFiles() is not { } files)
        {
            return true;
        }

        return FilesMayMention(files, System.Text.Encoding.ASCII.GetBytes(word.ToLowerInvariant()));
    }

    private bool FilesMayMention(List<string> files, byte[] needle)
    {
        foreach (string file in files)
        {
            try
            {
                var (state, bytes) = Read(file);
                if (state == ConfigFileState.Absent)
                {
                    continue;
                }

                if (state != ConfigFileState.Read || IndexOfIgnoreAsciiCase(bytes, needle) >= 0 || IndexOfIgnoreAsciiCase(bytes, "include"u8) >= 0)
                {
                    return true;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Every file git may read config from, or null when the list cannot be known.</summary>
    public List<string>? All()
    {
        if (ProtectedFiles() is not { } files || RepositoryFiles() is not { } repositoryFiles)
        {
            return null;
        }

        files.AddRange(repositoryFiles);
        return files;
    }

    /// <summary>
    /// The system and global files git reads (its "protected configuration", with the command line),
    /// or null when the list cannot be known.
    /// </summary>
    public List<string>? ProtectedFiles()
    {
        var files = new List<string>();
        if (!IsTrue(_environment.Get(Variables.GitConfigNoSystem)))
        {
            if (_environment.Get(Variables.GitConfigSystem) is { Length: > 0 } system)
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

        if (_environment.Get(Variables.GitConfigGlobal) is { Length: > 0 } global)
        {
            files.Add(global);
        }
        else
        {
            string? home = _environment.Get(Variables.Home);
            string? xdg = _environment.Get(Variables.XdgConfigHome);
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

        // Read after git's setup has changed directory to the top of the working tree: a relative name is git's guess, not ours.
        return files.TrueForAll(Path.IsPathRooted) ? files : null;
    }

    /// <summary>
    /// False only when neither the command line nor the system and global files can set
    /// <paramref name="word"/> (a key's last part, lower-case): each is readable, none names it or includes another file.
    /// </summary>
    public bool ProtectedMayMention(string word)
    {
        if (CommandLineConfig() is not { } commandLine || ProtectedFiles() is not { } files)
        {
            return true;
        }

        byte[] needle = System.Text.Encoding.ASCII.GetBytes(word.ToLowerInvariant());
        foreach (var (_, text) in commandLine)
        {
            byte[] bytes = System.Text.Encoding.UTF8.GetBytes(text);
            if (IndexOfIgnoreAsciiCase(bytes, needle) >= 0 || IndexOfIgnoreAsciiCase(bytes, "include"u8) >= 0)
            {
                return true;
            }
        }

        return FilesMayMention(files, needle);
    }

    /// <summary>
    /// Every system config file git may have been built with — /etc/gitconfig and the installation's
    /// PREFIX/etc/gitconfig, whatever GIT_CONFIG_SYSTEM or GIT_CONFIG_NOSYSTEM say (IT policy is read
    /// from there regardless); null when the installation cannot be found.
    /// </summary>
    public List<string>? BuiltInSystemFiles() =>
        SystemConfigFiles() ?? (_environment.Get(Variables.GitExecPath) is not { Length: > 0 } && FindGitOnPath() is null
            ? ["/etc/gitconfig"] // no git to read any policy with: nothing else to watch
            : null);

    /// <summary>
    /// git's compiled-in system config is <c>/etc/gitconfig</c> for a git installed under /usr, and
    /// <c>PREFIX/etc/gitconfig</c> otherwise. The installation comes from GIT_EXEC_PATH (git sets it for
    /// the helpers it runs) and from the git found on PATH (git puts its exec path first there, so the
    /// `git config` we may start is that one): every candidate is scanned.
    /// </summary>
    private List<string>? SystemConfigFiles()
    {
        if (!_systemFound)
        {
            _system = FindSystemConfigFiles();
            _systemFound = true;
        }

        return _system is null ? null : [.. _system];
    }

    private List<string>? FindSystemConfigFiles()
    {
        // Git for Windows reads <install>\etc\gitconfig (its prefix is <install>\mingw64, so not
        // PREFIX\etc) and %PROGRAMDATA%\Git\config: nothing names them reliably, so there git decides.
        if (_windows)
        {
            return null;
        }

        var files = new List<string> { "/etc/gitconfig" };
        string? fromExecPath = null;
        if (_environment.Get(Variables.GitExecPath) is { Length: > 0 } execPath && (fromExecPath = PrefixOfExecPath(execPath)) is null)
        {
            return null;
        }

        string? git = FindGitOnPath();
        string? fromPath = git is null ? null : PrefixOfExecPath(Path.GetDirectoryName(git) ?? "");
        if (git is not null && fromPath is null)
        {
            string? bin = Path.GetDirectoryName(git);
            fromPath = bin is not null && Path.GetFileName(bin) == "bin" ? Path.GetDirectoryName(bin) : null;
            if (fromPath is null)
            {
                return null;
            }
        }

        if (fromExecPath is null && fromPath is null)
        {
            return null;
        }

        foreach (string? prefix in new[] { fromExecPath, fromPath })
        {
            string? file = prefix is null or "/usr" or "" ? null : Path.Combine(prefix, "etc", "gitconfig");
            if (file is not null && !files.Contains(file))
            {
                files.Add(file);
            }
        }

        return files;
    }

    /// <summary>PREFIX of an exec path PREFIX/libexec/git-core (or PREFIX/lib/git-core), else null.</summary>
    private static string? PrefixOfExecPath(string execPath)
    {
        string trimmed = execPath.TrimEnd('/');
        foreach (string suffix in new[] { "/libexec/git-core", "/lib/git-core" })
        {
            if (trimmed.EndsWith(suffix, StringComparison.Ordinal))
            {
                return trimmed[..^suffix.Length];
            }
        }

        return null;
    }

    /// <summary>The git our `git config` would be: PATH's absolute folders only, as Platform/ExecutableSearch finds programs.</summary>
    private string? FindGitOnPath()
    {
        foreach (string directory in (_environment.Get(Variables.Path) ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Path.IsPathRooted(directory))
            {
                continue;
            }

            string candidate = Path.Combine(directory, "git");
            if (FileStatus.Of(candidate).Kind == FileKind.File) // stat, as git's own PATH search does
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>
    /// A config file's bytes, or that it is absent, a directory or over 4 MiB; read once per run (the
    /// memory cache's fingerprint reads the same files right after this scan).
    /// </summary>
    /// <exception cref="IOException">It exists but cannot be read.</exception>
    public (ConfigFileState State, byte[]? Bytes) Read(string path)
    {
        if (_files.TryGetValue(path, out var known))
        {
            return known;
        }

        FileKind kind = FileStatus.Of(path).Kind;
        (ConfigFileState, byte[]?) file = kind is FileKind.Missing or FileKind.Directory
            ? (kind == FileKind.Directory ? ConfigFileState.Directory : ConfigFileState.Absent, null)
            : RawFile.ReadAll(path, MaxReadBytes) is { } bytes ? (ConfigFileState.Read, bytes)
            : (ConfigFileState.TooLarge, null);
        _files[path] = file;
        return file;
    }


    internal static int IndexOfIgnoreAsciiCase(ReadOnlySpan<byte> haystack, ReadOnlySpan<byte> lowerNeedle)
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

    private static bool IsTrue(string? value) => GitBoolean.IsTrue(value);
}

/// <summary>What <see cref="GitConfigFiles.Read"/> found at a config file's path.</summary>
public enum ConfigFileState
{
    Absent,
    Directory,
    TooLarge,
    Read,
}
