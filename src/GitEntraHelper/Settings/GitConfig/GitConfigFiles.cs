using GitEntraHelper.Platform;

namespace GitEntraHelper.Settings.GitConfig;

/// <summary>
/// Which config sources git reads in this run, found without starting git: command line
/// (<c>GIT_CONFIG_PARAMETERS</c>, <c>GIT_CONFIG_COUNT</c>), the system file(s), the global files and
/// the repository's (discovered from the working directory as git does). Files are read once per run
/// and shared by their readers (the provider prescan, the memory cache's fingerprint). Null answers mean
/// "cannot tell as git would": callers then ask git itself.
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

    private List<string>? _repository;
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
            _repository = RepositoryDiscovery.ConfigFiles(_environment, _workingDirectory);
            _repositoryFound = true;
        }

        return _repository;
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

        byte[] needle = System.Text.Encoding.ASCII.GetBytes(word.ToLowerInvariant());
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

        if (RepositoryFiles() is not { } repositoryFiles)
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
        if (_environment.Get(Variables.GitExecPath) is { Length: > 0 } execPath)
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
        foreach (string directory in (_environment.Get(Variables.Path) ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
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

        var info = new FileInfo(path);
        (ConfigFileState, byte[]?) file = !info.Exists
            ? (Directory.Exists(path) ? ConfigFileState.Directory : ConfigFileState.Absent, null)
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
