using System.Diagnostics;
using GitEntraHelper.EndToEndTests.Infrastructure;

namespace GitEntraHelper.EndToEndTests.SignIn;

/// <summary>The sign-in tests' own emulator: they flip its switches (expiry, revocation, claims, who approves).</summary>
public sealed class SignInEmulatorFixture : EmulatorFixture;

/// <summary>
/// Sign-in tests share one emulator and run one at a time, alone: they read its counters as deltas,
/// and the ≤ 2 s non-interactive budget is measured on a machine not busy with other tests.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SignInCollection : ICollectionFixture<SignInEmulatorFixture>
{
    public const string Name = "SignIn";
}

/// <summary>
/// One developer's machine for a test: a temporary HOME with its own unlocked gnome-keyring on a private
/// D-Bus, git (2.39 or ≥ 2.46) using the published helper for the emulator's Azure DevOps, Entra at the
/// emulator (AZURE_AUTHORITY_HOST), the emulator's CA trusted for this run, and a trace file.
/// Interactive by default: the sandbox's GIT_TERMINAL_PROMPT=0 is lifted and credential.interactive=always
/// (tests have no terminal), so device codes appear on git's stderr.
/// </summary>
internal sealed class SignInWorld : IDisposable
{
    private readonly EmulatorFixture _emulator;

    public SignInWorld(EmulatorFixture emulator, GitKind git = GitKind.System, bool interactive = true)
    {
        _emulator = emulator;
        Secrets = TestPlatform.StartSecretStore();
        try
        {
            Sandbox = new GitSandbox(git, Secrets);
            Sandbox.UseHelper();
            TraceFile = Path.Combine(Sandbox.Root, "entra-trace.log");
            Sandbox.Environment["AZURE_AUTHORITY_HOST"] = emulator.AuthorityHost;
            Sandbox.Environment["SSL_CERT_FILE"] = emulator.CaFile;
            Sandbox.Environment["GIT_SSL_CAINFO"] = emulator.CaFile;
            Sandbox.Environment["GIT_ENTRA_TRACE"] = TraceFile;
            Sandbox.SetConfig($"credential.{emulator.DevOpsUrl}.provider", "azure-devops");
            Sandbox.SetConfig($"credential.{emulator.DevOpsUrl}.useHttpPath", "true");
            Sandbox.SetConfig("user.name", "Sign-in Test");
            Sandbox.SetConfig("user.email", "signin@contoso.example");
            Interactive = interactive;
        }
        catch
        {
            Sandbox?.Dispose();
            Secrets.Dispose();
            throw;
        }
    }

    /// <summary>This OS's secret store, private to this world where the OS allows.</summary>
    public ISecretStore Secrets { get; }

    public GitSandbox Sandbox { get; }

    public string TraceFile { get; }

    public string Trace => File.Exists(TraceFile) ? File.ReadAllText(TraceFile) : string.Empty;

    /// <summary>Lifts the sandbox's GIT_TERMINAL_PROMPT=0 and asks for interaction without a terminal.</summary>
    public bool Interactive
    {
        set
        {
            Sandbox.Environment["GIT_TERMINAL_PROMPT"] = value ? null : "0";
            Sandbox.SetConfig("credential.interactive", value ? "always" : "auto");
        }
    }

    public string Directory(string name) => Path.Combine(Sandbox.WorkDirectory, name);

    public ProcessResult Clone(string organization = "contoso", string? name = null) =>
        Sandbox.Git("clone", _emulator.RepositoryUrl(organization), Directory(name ?? organization));

    public ProcessResult InRepo(string name, params string[] arguments) => Sandbox.Git(["-C", Directory(name), .. arguments]);

    /// <summary>Commits a new file and pushes it to <paramref name="branch"/>.</summary>
    public ProcessResult CommitAndPush(string name, string branch)
    {
        File.WriteAllText(Path.Combine(Directory(name), branch + ".txt"), $"pushed by {branch}\n");
        InRepo(name, "add", ".").EnsureSuccess();
        InRepo(name, "commit", "-m", "Sign-in test " + branch).EnsureSuccess();
        return InRepo(name, "push", "origin", "HEAD:refs/heads/" + branch);
    }

    /// <summary>What `git credential fill` gets for a repository URL: the token (password or credential).</summary>
    public string FillToken(string organization = "contoso")
    {
        var fill = Sandbox.GitWithInput($"url={_emulator.RepositoryUrl(organization)}\n\n", "credential", "fill").EnsureSuccess();
        return fill.StdOutLines.Select(l => l.Split('=', 2)).First(p => p[0] is "password" or "credential")[1];
    }

    /// <summary>The helper's own lines on stderr.</summary>
    public static IReadOnlyList<string> HelperLines(ProcessResult result) =>
        result.HelperMessages; // each with its hint: lines

    /// <summary>A short, unique branch name.</summary>
    public static string Branch(string what) => $"{what}-{Guid.NewGuid():N}"[..(what.Length + 9)];

    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, Func<string> describe)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"not within {timeout.TotalSeconds:0} s: {describe()}");
            }

            await Task.Delay(50);
        }
    }

    public void Dispose()
    {
        Sandbox.Dispose();
        Secrets.Dispose();
    }
}
