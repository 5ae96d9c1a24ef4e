using System.Text.RegularExpressions;

namespace GitEntraHelper.EndToEndTests.Infrastructure;

/// <summary>
/// A login session's keyring for a test: a named session keyring (keyutils' <c>keyctl session NAME</c>)
/// kept alive by a holder process, which every process of a sandbox joins through <see cref="Launcher"/>
/// — as the shells of one SSH login share theirs. Its keys die with it on dispose (the kernel drops a
/// session keyring that no process holds), so nothing a test kept outlives the test. Joining by name
/// needs "search" for the owner on the session keyring itself; the helper's own keyrings and keys below
/// it stay possessor-only, so this grants no other session anything of ours.
/// <see cref="InAnotherSession"/> runs a command as another login of the same user would:
/// <c>keyctl new_session</c> first, then the command in that fresh session.
/// With a uid (root only), the session and everything launched in it run as that user, whose key quota
/// is the non-root one (kernel.keys.maxbytes).
/// </summary>
public sealed partial class KernelSession : IDisposable
{
    private const int OwnerCanSearch = 0x3f090000; // possessor: all; owner: view + search (to join by name)
    private readonly BackgroundProcess _holder;

    private KernelSession(string name, IReadOnlyList<string> launcher, BackgroundProcess holder, int id)
    {
        Name = name;
        Launcher = launcher;
        _holder = holder;
        Id = id;
    }

    public string Name { get; }

    /// <summary>The session keyring's serial number.</summary>
    public int Id { get; }

    /// <summary>For <see cref="GitSandbox.Launcher"/>: joins this session (as its user) and runs the command.</summary>
    public IReadOnlyList<string> Launcher { get; }

    /// <summary>The prefix that runs a command as <paramref name="uid"/> (null: as we are) with no supplementary groups.</summary>
    public static IReadOnlyList<string> AsUser(int? uid) =>
        uid is { } u ? ["setpriv", $"--reuid={u}", $"--regid={u}", "--clear-groups", "--"] : [];

    public static KernelSession Start(int? uid = null)
    {
        string name = $"gce-e2e-{Guid.NewGuid():N}"[..20]; // short: a 40-character run would be masked in traces as a secret
        IReadOnlyList<string> user = AsUser(uid);
        string[] holderCommand = [.. user, "keyctl", "session", name, "sh", "-c",
            $"keyctl setperm @s {OwnerCanSearch} && echo \"ready $(keyctl show @s | sed -n 2p)\" && exec sleep 900"];
        BackgroundProcess holder;
        try
        {
            holder = BackgroundProcess.Start(holderCommand[0], holderCommand[1..], BaseEnvironment(), "/");
        }
        catch (InvalidOperationException e) when (e.InnerException is System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException("keyctl is not installed (keyutils): run eng/install-test-deps.sh.", e);
        }

        try
        {
            string ready = holder.WaitForStdOutLineAsync(l => l.StartsWith("ready", StringComparison.Ordinal), TimeSpan.FromSeconds(20))
                .GetAwaiter().GetResult();
            Match serial = Serial().Match(ready);
            if (!serial.Success)
            {
                throw new InvalidOperationException($"keyctl did not show the session keyring:\n{holder.Describe()}");
            }

            return new KernelSession(name, [.. user, "keyctl", "session", name], holder, int.Parse(serial.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        }
        catch
        {
            holder.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A launcher that starts the command in a session of its own, as another login of this user would:
    /// <c>keyctl new_session</c> gives the shell a new, empty session keyring, and the command runs in it.
    /// </summary>
    public static IReadOnlyList<string> InAnotherSession(int? uid = null) =>
        [.. AsUser(uid), "sh", "-c", "keyctl new_session >/dev/null && exec \"$@\"", "sh"];

    /// <summary>Runs keyctl (or any command) inside this session.</summary>
    public ProcessResult Run(params string[] command) =>
        ProcessRunner.RunAsync(Launcher[0], [.. Launcher.Skip(1), .. command], BaseEnvironment(), "/", stdin: null, TimeSpan.FromSeconds(30))
            .GetAwaiter().GetResult();

    public void Dispose() => _holder.Dispose();

    private static Dictionary<string, string> BaseEnvironment() => new(StringComparer.Ordinal)
    {
        ["PATH"] = System.Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin",
        ["LANG"] = "C.UTF-8",
    };

    [GeneratedRegex(@"ready\s+(\d+)\s")]
    private static partial Regex Serial();
}
