using System.Collections.Concurrent;

namespace GitEntraHelper.EndToEndTests.Infrastructure;

/// <summary>
/// One test's private world: a temporary HOME with its own XDG config/cache/state/data directories,
/// git config isolated from the machine (GIT_CONFIG_NOSYSTEM=1, global config inside HOME), no
/// terminal prompts (GIT_TERMINAL_PROMPT=0), and none of the test process's git, Azure, managed
/// identity, CI or D-Bus variables unless the test sets them in <see cref="Environment"/>.
/// Runs the chosen real git, the published helper, or any tool, with a time-out; deleted on dispose.
/// </summary>
public sealed class GitSandbox : IDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    private readonly TempDirectory _root;
    private readonly ConcurrentBag<BackgroundProcess> _background = [];
    private readonly List<string> _pathPrefix = [];
    private bool _disposed;

    public GitSandbox(GitKind git = GitKind.System, Platform.ISecretStore? secrets = null)
    {
        GitKind = git;
        GitPath = Gits.PathOf(git);
        Secrets = secrets;
        _root = TempDirectory.Create("gce-sbx");
        Home = CreateDirectory("home");
        ConfigHome = CreateDirectory("home/.config");
        CacheHome = CreateDirectory("home/.cache");
        StateHome = CreateDirectory("home/.local/state");
        DataHome = CreateDirectory("home/.local/share");
        RuntimeDirectory = CreateDirectory("run");
        LocalAppData = CreateDirectory(Path.Combine("home", "AppData", "Local"));
        WorkDirectory = CreateDirectory("work");
        if (git == GitKind.New)
        {
            // Anything that runs "git" by name (the helper's one `git config`) gets the same git.
            _pathPrefix.Add(Path.GetDirectoryName(GitPath)!);
        }
    }

    public GitKind GitKind { get; }

    /// <summary>The git binary this sandbox runs for <see cref="Git(string[])"/>.</summary>
    public string GitPath { get; }

    /// <summary>The OS secret store this sandbox's processes reach, if any.</summary>
    public Platform.ISecretStore? Secrets { get; }

    /// <summary>The sandbox's root; HOME and the work directory are inside it.</summary>
    public string Root => _root.Path;

    public string Home { get; }

    public string ConfigHome { get; }

    public string CacheHome { get; }

    public string StateHome { get; }

    public string DataHome { get; }

    public string RuntimeDirectory { get; }

    /// <summary>Windows: %LOCALAPPDATA% of every process (where the helper keeps its state there).</summary>
    public string LocalAppData { get; }

    /// <summary>The helper's state folder on this OS (the token cache is under it): XDG state, or %LOCALAPPDATA%\git-credential-entra\state.</summary>
    public string HelperStateDirectory => OperatingSystem.IsWindows()
        ? Path.Combine(LocalAppData, "git-credential-entra", "state")
        : Path.Combine(StateHome, "git-credential-entra");

    /// <summary>The default working directory of every process (clone into it).</summary>
    public string WorkDirectory { get; }

    /// <summary>
    /// Variables a test sets (or, with a null value, removes) for every process this sandbox runs;
    /// they win over everything else. E.g. <c>sandbox.Environment["CI"] = "true"</c>.
    /// </summary>
    public Dictionary<string, string?> Environment { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// A file every process of this sandbox sees as git's own system config (<see cref="SystemGitConfig"/>):
    /// where IT policy lives. Null: the machine's, as usual (the sandbox's git ignores it: GIT_CONFIG_NOSYSTEM).
    /// </summary>
    public string? SystemConfigFile { get; set; }

    /// <summary>Time-out for each process unless a call gives its own.</summary>
    public TimeSpan Timeout { get; set; } = DefaultTimeout;

    /// <summary>
    /// A command every process of this sandbox is started through (its arguments, then the program and
    /// its own): e.g. a <see cref="KernelSession"/>'s, so git and the helper share one session keyring.
    /// </summary>
    public IReadOnlyList<string>? Launcher { get; set; }

    /// <summary>The full environment a process started by this sandbox gets.</summary>
    public Dictionary<string, string> BuildEnvironment()
    {
        var environment = SandboxEnvironment.Inherited();
        environment["HOME"] = Home;
        environment["XDG_CONFIG_HOME"] = ConfigHome;
        environment["XDG_CACHE_HOME"] = CacheHome;
        environment["XDG_STATE_HOME"] = StateHome;
        environment["XDG_DATA_HOME"] = DataHome;
        environment["XDG_RUNTIME_DIR"] = RuntimeDirectory;
        if (OperatingSystem.IsWindows())
        {
            // Where Windows programs (the helper, Git for Windows) look instead of HOME and XDG.
            environment["USERPROFILE"] = Home;
            environment["LOCALAPPDATA"] = LocalAppData;
            environment["APPDATA"] = Path.Combine(Home, "AppData", "Roaming");
        }

        environment["GIT_CONFIG_NOSYSTEM"] = "1";
        environment["GIT_TERMINAL_PROMPT"] = "0";
        environment["LC_ALL"] = "C.UTF-8";
        // So commits (for pushes) work without touching the global config a test may inspect.
        environment["GIT_AUTHOR_NAME"] = environment["GIT_COMMITTER_NAME"] = "Sandbox User";
        environment["GIT_AUTHOR_EMAIL"] = environment["GIT_COMMITTER_EMAIL"] = "sandbox@example.test";
        if (_pathPrefix.Count > 0)
        {
            environment["PATH"] = string.Join(Path.PathSeparator, _pathPrefix.Append(environment.GetValueOrDefault("PATH", "/usr/bin:/bin")));
        }

        foreach (var (name, value) in Secrets?.Environment ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }

        foreach (var (name, value) in Environment)
        {
            if (value is null)
            {
                environment.Remove(name);
            }
            else
            {
                environment[name] = value;
            }
        }

        return environment;
    }

    /// <summary>
    /// Makes git use the published helper: <c>credential.helper</c> = its absolute path (global config),
    /// and its directory first on PATH so <c>git credential-entra ...</c> works too.
    /// </summary>
    public void UseHelper()
    {
        var helper = PublishedHelper.Path;
        _pathPrefix.Insert(0, Path.GetDirectoryName(helper)!);
        SetConfig("credential.helper", helper);
    }

    /// <summary>Puts <paramref name="directory"/> first on PATH for every process (stand-ins for programs such as wslview).</summary>
    public void PrependPath(string directory) => _pathPrefix.Insert(0, directory);

    /// <summary>
    /// Makes <c>git lfs</c> run the chosen git-lfs (a link to it first on PATH, which is where git and
    /// its filters find it) and installs its filters in this sandbox's global config. Returns its version.
    /// </summary>
    public Version UseGitLfs(GitLfsKind kind)
    {
        var binary = GitLfs.PathOf(kind);
        var directory = CreateDirectory("lfs-bin");
        File.CreateSymbolicLink(System.IO.Path.Combine(directory, "git-lfs"), binary);
        _pathPrefix.Insert(0, directory);
        Git("lfs", "install", "--skip-repo").EnsureSuccess();
        return GitLfs.VersionOf(binary);
    }

    /// <summary>
    /// Trusts a test CA (PEM) for HTTPS: git through <c>http.sslCAInfo</c>, the helper (.NET on
    /// OpenSSL) through SSL_CERT_FILE. Nothing else is trusted then, which suits loopback-only tests.
    /// </summary>
    public void TrustCertificateAuthority(string caFile)
    {
        SetConfig("http.sslCAInfo", caFile);
        Environment["SSL_CERT_FILE"] = caFile;
    }

    /// <summary><c>git config --global KEY VALUE</c> (replaces every value of KEY).</summary>
    public void SetConfig(string key, string value) =>
        Git("config", "--global", "--replace-all", key, value).EnsureSuccess();

    /// <summary><c>git config --global --add KEY VALUE</c> (multi-valued keys such as credential.helper).</summary>
    public void AddConfig(string key, string value) =>
        Git("config", "--global", "--add", key, value).EnsureSuccess();

    /// <summary>Runs this sandbox's git in <see cref="WorkDirectory"/>.</summary>
    public ProcessResult Git(params string[] arguments) => Wait(GitAsync(arguments));

    /// <summary>Runs this sandbox's git with <paramref name="stdin"/> (e.g. for <c>git credential fill</c>).</summary>
    public ProcessResult GitWithInput(string stdin, params string[] arguments) => Wait(GitAsync(arguments, stdin));

    public Task<ProcessResult> GitAsync(
        IEnumerable<string> arguments, string? stdin = null, string? workingDirectory = null, TimeSpan? timeout = null,
        CancellationToken cancellationToken = default) =>
        RunAsync(GitPath, arguments, stdin, workingDirectory, timeout, cancellationToken);

    /// <summary>Runs the published helper directly, e.g. <c>Helper("protocol=https\nhost=dev.azure.com\n\n", "get")</c>.</summary>
    public ProcessResult Helper(string? stdin, params string[] arguments) =>
        Wait(RunAsync(PublishedHelper.Path, arguments, stdin));

    public Task<ProcessResult> HelperAsync(
        IEnumerable<string> arguments, string? stdin = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        RunAsync(PublishedHelper.Path, arguments, stdin, workingDirectory: null, timeout, cancellationToken);

    /// <summary>Runs any program (found on PATH or by path) inside the sandbox.</summary>
    public ProcessResult Run(string fileName, string? stdin, params string[] arguments) =>
        Wait(RunAsync(fileName, arguments, stdin));

    public Task<ProcessResult> RunAsync(
        string fileName, IEnumerable<string> arguments, string? stdin = null, string? workingDirectory = null,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var (program, all) = Launched(fileName, arguments);
        return ProcessRunner.RunAsync(program, all, BuildEnvironment(), workingDirectory ?? WorkDirectory, stdin,
            timeout ?? Timeout, cancellationToken);
    }

    /// <summary>Starts a long-running program inside the sandbox; it is killed on dispose at the latest.</summary>
    public BackgroundProcess Start(string fileName, IEnumerable<string> arguments, string? stdin = null, string? workingDirectory = null)
    {
        var (program, all) = Launched(fileName, arguments);
        var process = BackgroundProcess.Start(program, all, BuildEnvironment(), workingDirectory ?? WorkDirectory, stdin);
        _background.Add(process);
        return process;
    }

    /// <summary>Makes the sandbox's files the given user's (to run as a user who is not root).</summary>
    public void GiveTo(int uid) =>
        ProcessRunner.RunAsync("chown", ["-R", $"{uid}:{uid}", Root], null, Root, stdin: null, DefaultTimeout).GetAwaiter().GetResult().EnsureSuccess();

    /// <summary>The command line as run: inside the system-config mount namespace when one is set, under the launcher when one is set.</summary>
    private (string Program, IEnumerable<string> Arguments) Launched(string fileName, IEnumerable<string> arguments)
    {
        (string program, IEnumerable<string> all) = SystemConfigFile is { } system
            ? SystemGitConfig.Wrap(system, GitPath, fileName, arguments)
            : (fileName, arguments);
        return Launcher is { Count: > 0 } launcher ? (launcher[0], [.. launcher.Skip(1), program, .. all]) : (program, all);
    }

    /// <summary>
    /// Every regular file in the sandbox (HOME and the work directory) whose bytes contain
    /// <paramref name="needle"/>: e.g. a token that must never be stored in clear.
    /// </summary>
    public IReadOnlyList<string> FilesContaining(string needle)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(needle);
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = true };
        return Directory.EnumerateFiles(Root, "*", options).Where(file => Contains(file, bytes)).ToList();
    }

    /// <summary>
    /// A file where scripts the sandbox runs append the PIDs of what they leave running in the
    /// background (e.g. the BROWSER script's Chromium); those process trees are killed on dispose.
    /// </summary>
    public string OrphansFile => Path.Combine(Root, "orphans.pid");

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var process in _background)
        {
            process.Dispose();
        }

        KillOrphans();

        _root.Dispose();
    }

    private void KillOrphans()
    {
        // Only the Linux BROWSER scripts (headless Chromium) leave processes behind; /proc is Linux's.
        if (!OperatingSystem.IsLinux() || !File.Exists(OrphansFile))
        {
            return;
        }

        foreach (var line in File.ReadAllLines(OrphansFile))
        {
            // Only a process whose command line names this sandbox: never a recycled PID.
            if (!int.TryParse(line, out var pid) || !CommandLineOf(pid).Contains(Root, StringComparison.Ordinal))
            {
                continue;
            }

            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(pid);
                ProcessRunner.KillTree(process);
            }
            catch (ArgumentException)
            {
                // Exited meanwhile.
            }
        }
    }

    private static string CommandLineOf(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return string.Empty;
        }
        catch (UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }

    private string CreateDirectory(string relative)
    {
        var path = Path.Combine(_root.Path, relative);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path); // private to the user through the profile's ACLs
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }

    private static bool Contains(string file, byte[] needle)
    {
        try
        {
            var info = new FileInfo(file);
            // Sockets and FIFOs report length 0, so they are never opened (a FIFO would block).
            return info.LinkTarget is null && info.Length >= needle.Length && File.ReadAllBytes(file).AsSpan().IndexOf(needle) >= 0;
        }
        catch (IOException)
        {
            return false; // a socket or FIFO, or a file that vanished meanwhile
        }
    }

    private static ProcessResult Wait(Task<ProcessResult> task) => task.GetAwaiter().GetResult();
}
