using System.Diagnostics;
using GitEntraHelper.Fuzz.Harness;
using GitEntraHelper.Fuzz.Targets;

namespace GitEntraHelper.Fuzz;

/// <summary>
/// `dotnet GitEntraHelper.Fuzz.dll TARGET`: one target under AFL++ (SharpFuzz's out-of-process fork
/// server, which survives a hang or a crashed runtime); `--list` names the targets; `--replay TARGET
/// FILE...` runs saved inputs once each and prints what each broke. fuzz/run drives all three.
/// </summary>
public static class Program
{
    /// <summary>The time one input may take; far above any parse, far below AFL++'s hang time-out (fuzz/run -t).</summary>
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(1);

    private static IFuzzTarget[] Targets = [];

    public static int Main(string[] args)
    {
        GiveCoverageAMap();
        Targets =
        [
            new CredentialProtocolTarget(), new HostRulesTarget(), new WwwAuthenticateTarget(), new TenantHeaderTarget(),
            new GitConfigTarget(), new AccountBindingsTarget(), new EntraErrorsTarget(),
        ];
        if (args is ["--list"])
        {
            foreach (IFuzzTarget target in Targets)
            {
                Console.WriteLine($"{target.Name}\t{string.Join(',', target.Dictionaries)}\t{target.Description}");
            }

            return 0;
        }

        if (args is ["--replay", var name, .. var files] && Find(name) is { } replayed)
        {
            return Replay(replayed, files);
        }

        if (args is [var only] && Find(only) is { } fuzzed)
        {
            WarmUp(fuzzed);
            SharpFuzz.Fuzzer.OutOfProcess.Run(stream => RunBounded(fuzzed, ReadAll(stream)));
            return 0;
        }

        Console.Error.WriteLine("usage: GitEntraHelper.Fuzz (--list | TARGET | --replay TARGET FILE...)");
        return 2;
    }

    private static IFuzzTarget? Find(string name) => Array.Find(Targets, t => t.Name == name);

    /// <summary>
    /// Runs one input and fails it when it took longer than <see cref="Budget"/>: time per input is
    /// bounded. Counted in CPU time as well as on the clock, so a busy machine that keeps the process
    /// waiting is not a finding; a loop that burns the time is.
    /// </summary>
    private static void RunBounded(IFuzzTarget target, byte[] input)
    {
        TimeSpan cpu = Environment.CpuUsage.TotalTime;
        var clock = Stopwatch.StartNew();
        target.Run(input);
        if (clock.Elapsed >= Budget)
        {
            TimeSpan used = Environment.CpuUsage.TotalTime - cpu;
            Invariant.Holds(used < Budget, $"one input took {used.TotalMilliseconds:0} ms of CPU, {clock.Elapsed.TotalMilliseconds:0} ms in all (budget {Budget.TotalMilliseconds:0} ms)");
        }
    }

    /// <summary>
    /// Instrumented code writes to SharpFuzz's coverage map from its first line on; until SharpFuzz
    /// attaches AFL++'s shared memory, it writes to this private one.
    /// </summary>
    private static unsafe void GiveCoverageAMap() =>
        SharpFuzz.Common.Trace.SharedMem = (byte*)System.Runtime.InteropServices.NativeMemory.AllocZeroed(1 << 16);

    /// <summary>
    /// Compiles the target's code before AFL++ times it: a child started again after a hang must not
    /// spend its first input's budget in the JIT.
    /// </summary>
    private static void WarmUp(IFuzzTarget target)
    {
        foreach (byte[] input in Seeds(target))
        {
            try
            {
                target.Run(input);
            }
#pragma warning disable CA1031 // a seed that breaks an invariant is reported when AFL++ runs it, not here
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }
    }

    private static IEnumerable<byte[]> Seeds(IFuzzTarget target)
    {
        string corpus = Path.Combine(AppContext.BaseDirectory, "corpus", target.Name);
        return Directory.Exists(corpus) ? Directory.EnumerateFiles(corpus).Order(StringComparer.Ordinal).Select(File.ReadAllBytes) : [];
    }

    private static int Replay(IFuzzTarget target, string[] files)
    {
        int failed = 0;
        foreach (string file in files.Select(Path.GetFullPath).ToList()) // a target may change the working directory
        {
            try
            {
                RunBounded(target, File.ReadAllBytes(file));
                Console.WriteLine($"ok      {file}");
            }
#pragma warning disable CA1031 // every finding is printed, then counted
            catch (Exception e)
#pragma warning restore CA1031
            {
                failed++;
                Console.WriteLine($"FAILED  {Path.GetFileName(file)}: {e.GetType().Name}: {Invariant.Show(e.Message)}{Where(e)}");
            }
        }

        return failed == 0 ? 0 : 1;
    }

    /// <summary>The helper's frame nearest the failure, when the failure came from the helper's code.</summary>
    private static string Where(Exception e)
    {
        string? frame = e.StackTrace?.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("at GitEntraHelper.", StringComparison.Ordinal)
            && !l.StartsWith("at GitEntraHelper.Fuzz.", StringComparison.Ordinal));
        return frame is null ? string.Empty : $" ({frame.Split(" in ")[0]})";
    }

    private static byte[] ReadAll(Stream stream)
    {
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }
}
