using GitEntraHelper.AzureDevOps;
using GitEntraHelper.Diagnostics;
using GitEntraHelper.Identity;
using GitEntraHelper.MemoryCache;
using GitEntraHelper.Platform;
using GitEntraHelper.Settings.GitConfig;

namespace GitEntraHelper.Commands;

/// <summary>
/// The composition root: everything a command touches outside itself, built once in Program (or by a
/// test), and the pipeline's stages wired from it. Cheap to build: nothing here starts a process, opens
/// a file or creates an HTTP client until used.
/// </summary>
public sealed class HelperContext
{
    private TokenPipeline? _pipeline;
    private IdentityServices? _identity;
    private ICommandRunner? _commands;

    public required IEnvironmentVariables Environment { get; init; }

    public required HelperTrace Trace { get; init; }

    public required Stream Input { get; init; }

    public required Stream Output { get; init; }

    public required TextWriter Error { get; init; }

    public required HelperPaths Paths { get; init; }

    /// <summary>Runs the `git config` processes of a run.</summary>
    public required IGitConfigReader GitConfig { get; init; }

    /// <summary>
    /// Proves, without starting git, that no config declares a provider (fast fall-through for other
    /// hosts); null means "always ask git".
    /// </summary>
    public DeclaredProviderPrescan? ProviderPrescan { get; init; }

    /// <summary>The kernel-keyring memory cache in front of the token cache (Linux); null turns the fast lane off.</summary>
    public MemoryTokenCache? MemoryCache { get; init; }

    /// <summary>Creates the HTTP handler for the tenant probe and diagnose (tests substitute it).</summary>
    public Func<HttpMessageHandler> CreateHttpHandler { get; init; } = static () => new SocketsHttpHandler();

    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Whether git's stderr reaches a person (a device code shown there is seen); tests decide.</summary>
    public Func<bool> StderrIsTerminal { get; init; } = static () => !Console.IsErrorRedirected;

    /// <summary>Whether stdin is a person's terminal (a yes/no question may be asked there); tests decide.</summary>
    public Func<bool> StdinIsTerminal { get; init; } = static () => !Console.IsInputRedirected;

    /// <summary>Starts child processes (git, az, browsers).</summary>
    public ICommandRunner Commands
    {
        get => _commands ??= new CommandRunner(Environment);
        init => _commands = value;
    }

    /// <summary>What token sources use of the world.</summary>
    public IdentityServices Identity => _identity ??= new IdentityServices
    {
        Environment = Environment,
        Trace = Trace,
        Paths = Paths,
        Terminal = new ConsoleTerminal(Error),
        Commands = Commands,
        Clock = Clock,
        CreateHttpHandler = CreateHttpHandler,
    };

    /// <summary>The one path from a request to a token source.</summary>
    public TokenPipeline Pipeline => _pipeline ??= new TokenPipeline(
        new RemoteResolver(Environment, GitConfig, ProviderPrescan, Trace),
        new TenantResolver(new TenantCache(Paths), new TenantProbe(CreateHttpHandler, Trace), Trace),
        Identity,
        StderrIsTerminal);

    /// <summary>The memory cache's fast lane, when the memory cache and the prescan exist.</summary>
    public MemoryCacheLane? MemoryLane =>
        MemoryCache is { } cache && ProviderPrescan is { } prescan ? new MemoryCacheLane(cache, prescan, Environment, Trace) : null;

    /// <summary>The same run seen through other environment variables (a command's forced choices); stages are built afresh.</summary>
    public HelperContext WithEnvironment(IEnvironmentVariables environment) => new()
    {
        Environment = environment,
        Trace = Trace,
        Input = Input,
        Output = Output,
        Error = Error,
        Paths = Paths,
        GitConfig = GitConfig,
        ProviderPrescan = ProviderPrescan,
        MemoryCache = MemoryCache,
        CreateHttpHandler = CreateHttpHandler,
        Clock = Clock,
        StderrIsTerminal = StderrIsTerminal,
        StdinIsTerminal = StdinIsTerminal,
        Commands = Commands,
    };

    /// <summary>The real process: stdin/stdout/stderr, environment, XDG paths, git on PATH.</summary>
    public static HelperContext ForProcess(long startTimestamp)
    {
        var environment = new RecordingEnvironment(ProcessEnvironmentVariables.Instance);
        TextWriter error = Console.Error;
        HelperTrace trace = HelperTrace.FromSetting(environment.Get(Variables.Trace), error, startTimestamp, PrivatePaths.OpenAppend);
        HelperPaths paths = HelperPaths.FromEnvironment(environment);
        var commands = new CommandRunner(environment);
        return new HelperContext
        {
            Environment = environment,
            Trace = trace,
            Input = Console.OpenStandardInput(),
            Output = Console.OpenStandardOutput(),
            Error = error,
            Paths = paths,
            Commands = commands,
            GitConfig = new GitProcessConfigReader(trace, commands),
            ProviderPrescan = new DeclaredProviderPrescan(environment, System.Environment.CurrentDirectory),
            MemoryCache = OperatingSystem.IsLinux() ? new MemoryTokenCache(KernelKeyring.Instance, paths, TimeProvider.System) : null,
        };
    }
}
