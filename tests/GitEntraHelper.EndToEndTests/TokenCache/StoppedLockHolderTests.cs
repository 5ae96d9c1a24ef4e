using System.Diagnostics;
using GitEntraHelper.EndToEndTests.Infrastructure;

namespace GitEntraHelper.EndToEndTests.TokenCache;

/// <summary>
/// A process stopped while it holds the single-flight lock (SIGSTOP, a debugger, a laptop lid) must not block
/// gets whose token is already cached: before, every other get waited the whole lock time-out (300 s) although
/// a valid token sat in the cache. The lock is for refreshing and signing in only.
/// </summary>
[Collection(ManyProcessesCollection.Name)]
[UnsupportedOSPlatform("windows")]
public sealed class StoppedLockHolderTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [OsFact(TestOs.Unix, "SIGSTOP")]
    public async Task A_stopped_lock_holder_does_not_delay_a_cached_get()
    {
        using var scenario = new CacheScenario(emulator, keyring: null, plainText: true);
        scenario.Sandbox.Environment["GIT_ENTRA_MEMORY_CACHE"] = "false"; // the token cache itself must answer
        scenario.Sandbox.Environment["GIT_ENTRA_LOCK_TIMEOUT"] = "30";
        Assert.True(scenario.Clone().ExitCode == 0);
        string token = scenario.GetToken();
        var flightLocks = Directory.GetFiles(scenario.TokenCacheDirectory, "flight-*.lock");
        Assert.NotEmpty(flightLocks);

        // Another process holds every single-flight lock and is then stopped, as a get stopped mid-refresh would be.
        string script = string.Join(" ", flightLocks.Select((f, i) => $"exec {10 + i}>'{f}'; flock -x {10 + i};")) + " echo held; exec sleep 120";
        using var holder = scenario.Sandbox.Start("/bin/bash", ["-c", script]);
        await holder.WaitForStdOutLineAsync(l => l == "held", TimeSpan.FromSeconds(20));
        Assert.Equal(0, Kill(holder.Id, "STOP"));

        try
        {
            var watch = Stopwatch.StartNew();
            string again = scenario.GetToken();

            Assert.Equal(token, again);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"a cached get waited {watch.Elapsed} for a stopped lock holder");
        }
        finally
        {
            Kill(holder.Id, "CONT");
        }
    }

    private static int Kill(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", $"-{signal} {pid}") { UseShellExecute = false })!;
        kill.WaitForExit();
        return kill.ExitCode;
    }
}
