using System.Diagnostics;

namespace GitEntraHelper.EndToEndTests.Infrastructure;

/// <summary>
/// A private D-Bus session bus with a real gnome-keyring-daemon serving the Secret Service, its
/// "login" collection created, unlocked and the default for the session. Give it to a
/// <see cref="GitSandbox"/> and every process the sandbox runs talks to this keyring and no other.
/// <see cref="StartWithoutSecretService"/> gives a bus on which nothing provides the Secret Service
/// (the "keyring absent" case); a sandbox with no session at all has no bus.
/// The bus has no service activation, so nothing else is ever started behind the test's back.
/// Items are shared by every sandbox using the same session: start one per test when that matters.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class KeyringSession : Platform.ISecretStore
{
    public const string SecretServiceName = "org.freedesktop.secrets";
    public const string LoginCollection = "/org/freedesktop/secrets/collection/login";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);
    private const int StartAttempts = 3;

    private readonly TempDirectory _root;
    private readonly BackgroundProcess _bus;
    private BackgroundProcess? _keyring;

    private KeyringSession(TempDirectory root, BackgroundProcess bus, string busAddress)
    {
        _root = root;
        _bus = bus;
        BusAddress = busAddress;
    }

    /// <summary>The bus's address (DBUS_SESSION_BUS_ADDRESS).</summary>
    public string BusAddress { get; }

    public string Description => $"gnome-keyring on the private D-Bus {BusAddress}";

    /// <summary>True when gnome-keyring serves the Secret Service on this bus.</summary>
    public bool HasSecretService => _keyring is not null;

    /// <summary>The password that unlocks the login collection.</summary>
    public string Password { get; private set; } = string.Empty;

    /// <summary>Where gnome-keyring keeps its (encrypted) keyring files.</summary>
    public string KeyringsDirectory => Path.Combine(_root.Path, "data", "keyrings");

    /// <summary>Variables a process needs to use this session; <see cref="GitSandbox"/> passes them on.</summary>
    public IReadOnlyDictionary<string, string> Environment => HasSecretService
        ? new Dictionary<string, string>
        {
            ["DBUS_SESSION_BUS_ADDRESS"] = BusAddress,
            ["GNOME_KEYRING_CONTROL"] = Path.Combine(RuntimeDirectory, "keyring"),
        }
        : new Dictionary<string, string> { ["DBUS_SESSION_BUS_ADDRESS"] = BusAddress };

    private string RuntimeDirectory => Path.Combine(_root.Path, "run");

    /// <summary>A bus with gnome-keyring running and its login collection unlocked with <paramref name="password"/>.</summary>
    public static KeyringSession Start(string password = "gce-test-keyring")
    {
        var session = StartWithoutSecretService();
        try
        {
            session.StartKeyring(password);
            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>A private bus on which no one provides the Secret Service.</summary>
    public static KeyringSession StartWithoutSecretService()
    {
        var root = TempDirectory.Create("gce-kr");
        try
        {
            var runtime = Directory.CreateDirectory(Path.Combine(root.Path, "run"));
            File.SetUnixFileMode(runtime.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var config = Path.Combine(root.Path, "bus.conf");
            File.WriteAllText(config, BusConfig(Path.Combine(runtime.FullName, "bus")));
            var bus = BackgroundProcess.Start(
                "dbus-daemon", ["--config-file=" + config, "--nofork", "--nopidfile", "--print-address=1"], BaseEnvironment(root.Path));
            try
            {
                var address = bus.WaitForStdOutLineAsync(l => l.StartsWith("unix:", StringComparison.Ordinal), StartTimeout)
                    .GetAwaiter().GetResult().Trim();
                return new KeyringSession(root, bus, address);
            }
            catch
            {
                bus.Dispose();
                throw;
            }
        }
        catch (InvalidOperationException e) when (e.InnerException is System.ComponentModel.Win32Exception)
        {
            root.Dispose();
            throw new InvalidOperationException("dbus-daemon is not installed: run eng/install-test-deps.sh.", e);
        }
        catch
        {
            root.Dispose();
            throw;
        }
    }

    /// <summary>Runs <c>secret-tool</c> against this session.</summary>
    public ProcessResult SecretTool(string? stdin, params string[] arguments) =>
        Run("secret-tool", arguments, stdin);

    /// <summary>Stores <paramref name="secret"/> in the default collection under the given attributes.</summary>
    public void Store(string label, string secret, params (string Name, string Value)[] attributes) =>
        SecretTool(secret, ["store", "--label=" + label, .. Flatten(attributes)]).EnsureSuccess();

    /// <summary>The secret stored under exactly these attributes, or null when there is none.</summary>
    public string? Lookup(params (string Name, string Value)[] attributes)
    {
        var result = SecretTool(null, ["lookup", .. Flatten(attributes)]);
        return result.ExitCode == 0 && result.StdOut.Length > 0 ? result.StdOut : null;
    }

    /// <summary>
    /// Every item (label, attributes, secret) matching the attributes, as <c>secret-tool search --all</c>
    /// prints it. Items written through libsecret with a schema carry <c>xdg:schema</c>=schema name.
    /// </summary>
    public string Search(params (string Name, string Value)[] attributes)
    {
        var result = SecretTool(null, ["search", "--all", "--unlock", .. Flatten(attributes)]);
        return result.StdOut + result.StdErr;
    }

    /// <summary>Locks the login collection (unlocking it again needs a prompt no test can answer).</summary>
    public void Lock() =>
        Run("dbus-send", ["--session", "--print-reply", "--dest=" + SecretServiceName, "/org/freedesktop/secrets",
            "org.freedesktop.Secret.Service.Lock", "array:objpath:" + LoginCollection], null).EnsureSuccess();

    /// <summary>Unlocks the login collection again with its password, through gnome-keyring's control socket.</summary>
    public void Unlock()
    {
        var keyring = _keyring ?? throw new InvalidOperationException("This session has no keyring.");
        keyring.Dispose();
        _keyring = null;
        StartKeyring(Password);
    }

    /// <summary>True when the login collection reports Locked=false.</summary>
    public bool IsUnlocked() => QueryLocked().EnsureSuccess().StdOut.Contains("boolean false", StringComparison.Ordinal);

    private ProcessResult QueryLocked() =>
        Run("dbus-send", ["--session", "--print-reply", "--dest=" + SecretServiceName, LoginCollection,
            "org.freedesktop.DBus.Properties.Get", "string:org.freedesktop.Secret.Collection", "string:Locked"], null);

    public void Dispose()
    {
        _keyring?.Dispose();
        _bus.Dispose();
        _root.Dispose();
    }

    /// <summary>
    /// Starts gnome-keyring and waits until it owns the Secret Service name and reports the login collection
    /// unlocked. Until then a failing query is "not ready yet", not a failure. A daemon that dies while
    /// starting (seen once in CI: it owned the name, then left the bus without answering) is started again,
    /// at most <see cref="StartAttempts"/> times; the error then carries every attempt's exit status and log.
    /// </summary>
    private void StartKeyring(string password)
    {
        Password = password;
        var attempts = new List<string>();
        for (var attempt = 1; attempt <= StartAttempts; attempt++)
        {
            var (keyring, problem) = TryStartKeyring(password);
            if (keyring is not null)
            {
                if (attempts.Count > 0)
                {
                    // Visible in the test log, so a recurring start failure is never silent.
                    Console.Error.WriteLine($"KeyringSession: gnome-keyring started on attempt {attempt}; earlier attempts:\n{string.Join("\n", attempts)}");
                }

                _keyring = keyring;
                return;
            }

            attempts.Add($"attempt {attempt}: {problem}");
        }

        throw new InvalidOperationException(
            $"gnome-keyring did not provide an unlocked Secret Service in {StartAttempts} attempts:\n{string.Join("\n", attempts)}");
    }

    private (BackgroundProcess? Keyring, string Problem) TryStartKeyring(string password)
    {
        var environment = BaseEnvironment(_root.Path);
        environment["DBUS_SESSION_BUS_ADDRESS"] = BusAddress;
        BackgroundProcess keyring;
        try
        {
            // --unlock reads the password from stdin, then creates (first time) or unlocks "login".
            keyring = BackgroundProcess.Start(
                "gnome-keyring-daemon", ["--foreground", "--unlock", "--components=secrets"], environment, stdin: password);
        }
        catch (InvalidOperationException e) when (e.InnerException is System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException("gnome-keyring-daemon is not installed: run eng/install-test-deps.sh.", e);
        }

        var clock = Stopwatch.StartNew();
        var lastAnswer = "no answer yet";
        while (!keyring.HasExited && clock.Elapsed < StartTimeout)
        {
            if (OwnsSecretService())
            {
                var locked = QueryLocked();
                lastAnswer = locked.StdOut + locked.StdErr;
                if (locked.ExitCode == 0 && locked.StdOut.Contains("boolean false", StringComparison.Ordinal) && !keyring.HasExited)
                {
                    return (keyring, string.Empty);
                }
            }

            Thread.Sleep(20);
        }

        var state = keyring.HasExited ? $"exited with {keyring.ExitCode}" : $"not ready after {StartTimeout.TotalSeconds:F0} s";
        var problem = $"gnome-keyring-daemon {state}; last Secret Service answer: {lastAnswer.Trim()}\n{keyring.Describe()}";
        keyring.Dispose();
        return (null, problem);
    }

    private bool OwnsSecretService()
    {
        var result = Run("dbus-send", ["--session", "--print-reply", "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus",
            "org.freedesktop.DBus.NameHasOwner", "string:" + SecretServiceName], null);
        return result.ExitCode == 0 && result.StdOut.Contains("boolean true", StringComparison.Ordinal);
    }

    private ProcessResult Run(string tool, string[] arguments, string? stdin)
    {
        var environment = BaseEnvironment(_root.Path);
        foreach (var (name, value) in Environment)
        {
            environment[name] = value;
        }

        return ProcessRunner.RunAsync(tool, arguments, environment, _root.Path, stdin, CommandTimeout).GetAwaiter().GetResult();
    }

    private static IEnumerable<string> Flatten((string Name, string Value)[] attributes) =>
        attributes.SelectMany(a => new[] { a.Name, a.Value });

    /// <summary>A minimal environment whose HOME and XDG dirs live inside the session's own directory.</summary>
    private static Dictionary<string, string> BaseEnvironment(string root) => new(StringComparer.Ordinal)
    {
        ["PATH"] = System.Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin",
        ["LANG"] = "C.UTF-8",
        ["HOME"] = root,
        ["XDG_DATA_HOME"] = Path.Combine(root, "data"),
        ["XDG_CONFIG_HOME"] = Path.Combine(root, "config"),
        ["XDG_CACHE_HOME"] = Path.Combine(root, "cache"),
        ["XDG_RUNTIME_DIR"] = Path.Combine(root, "run"),
    };

    /// <summary>A session bus listening on one private socket, with no activatable services.</summary>
    private static string BusConfig(string socketPath) => $"""
        <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
         "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
        <busconfig>
          <type>session</type>
          <listen>unix:path={socketPath}</listen>
          <auth>EXTERNAL</auth>
          <policy context="default">
            <allow send_destination="*" eavesdrop="true"/>
            <allow eavesdrop="true"/>
            <allow own="*"/>
          </policy>
        </busconfig>
        """;
}
