using GitEntraHelper.Diagnostics;
using GitEntraHelper.Settings;
using GitEntraHelper.TokenCache;
using GitEntraHelper.MemoryCache;
using GitEntraHelper.Platform;
using GitEntraHelper.Settings.GitConfig;

namespace GitEntraHelper.Commands;

/// <summary>
/// Everything a command touches outside itself, built once in Program and replaced in tests. Cheap to
/// build: nothing here starts a process, opens a file or creates an HTTP client until used.
/// </summary>
public sealed class HelperContext
{
    public required IEnvironmentVariables Environment { get; init; }

    public required HelperTrace Trace { get; init; }

    public required Stream Input { get; init; }

    public required Stream Output { get; init; }

    public required TextWriter Error { get; init; }

    public required HelperPaths Paths { get; init; }

    /// <summary>Runs the one `git config` process of a run.</summary>
    public required IGitConfigReader GitConfig { get; init; }

    /// <summary>
    /// Proves, without starting git, that no config declares a provider (fast fall-through for other
    /// hosts); null means "always ask git".
    /// </summary>
    public DeclaredProviderPrescan? ProviderPrescan { get; init; }

    /// <summary>The kernel-keyring memory cache in front of the token cache (Linux); null turns the fast lane off.</summary>
    public MemoryTokenCache? MemoryCache { get; init; }

    /// <summary>Creates the HTTP handler for the tenant probe (tests substitute it).</summary>
    public Func<HttpMessageHandler> CreateHttpHandler
    {
        // A getter, not an initializer: the front (FrontDoor) never probes, so HTTP stays out of its image.
        get => _createHttpHandler ?? (static () => new SocketsHttpHandler());
        init => _createHttpHandler = value;
    }

    private readonly Func<HttpMessageHandler>? _createHttpHandler;

    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>False in CI, with GIT_TERMINAL_PROMPT=0, or when stderr is not a terminal: never wait for a human.</summary>
    public bool AllowInteraction
    {
        get
        {
            if (Environment.Get("CI") is { } ci && HelperSettings.TryParseBool(ci, out bool isCi) && isCi)
            {
                return false;
            }

            if (Environment.Get("GIT_TERMINAL_PROMPT") is { } prompt && HelperSettings.TryParseBool(prompt, out bool allowed) && !allowed)
            {
                return false;
            }

            return !Console.IsErrorRedirected;
        }
    }

    /// <summary>The real process: stdin/stdout/stderr, environment, XDG paths, git on PATH.</summary>
    public static HelperContext ForProcess(long startTimestamp)
    {
        var environment = new RecordingEnvironment(ProcessEnvironmentVariables.Instance);
        TextWriter error = Console.Error;
        HelperTrace trace = HelperTrace.FromSetting(environment.Get(HelperTrace.EnvironmentVariable), error, startTimestamp);
        HelperPaths paths = HelperPaths.FromEnvironment(environment);
        return new HelperContext
        {
            Environment = environment,
            Trace = trace,
            Input = Console.OpenStandardInput(),
            Output = Console.OpenStandardOutput(),
            Error = error,
            Paths = paths,
            GitConfig = new GitProcessConfigReader(trace),
            ProviderPrescan = new DeclaredProviderPrescan(environment, System.Environment.CurrentDirectory),
            MemoryCache = OperatingSystem.IsLinux() ? new MemoryTokenCache(KernelKeyring.Instance, paths, TimeProvider.System) : null,
        };
    }
}
