using System.Diagnostics;
using GitEntraHelper.EndToEndTests.Infrastructure;
using Xunit.Abstractions;

namespace GitEntraHelper.EndToEndTests.TokenCache;

/// <summary>
/// kill -9 at random moments while `get` refreshes and writes the cache: the next `get` always
/// works (at worst after one new sign-in), never crashes, and no torn cache file is ever read.
/// </summary>
[Collection(ManyProcessesCollection.Name)]
public sealed class KilledWriterTests(EmulatorFixture emulator, ITestOutputHelper output) : IClassFixture<EmulatorFixture>
{
    private const int Iterations = 100;      // at least this many kills in all
    private const int RequiredHits = 50;     // at least this many must land while a get still runs
    private const int MaxIterations = 300;   // bound: a machine where kills cannot land fails, it does not spin

    [OsTheory(TestOs.All)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Killing_get_while_it_writes_never_breaks_the_next_get(bool plainText)
    {
        using var keyring = plainText ? null : TestPlatform.StartSecretStore();
        using var scenario = new CacheScenario(emulator, keyring, plainText);
        Assert.True(scenario.Clone().ExitCode == 0);
        var token = scenario.GetToken();
        var seed = Environment.TickCount;
        var random = new Random(seed);
        output.WriteLine($"seed {seed}");

        // A refreshing get reads the cache ("token cache: loaded"), refreshes over HTTP, then writes it
        // ("token cache: saved"). Each victim is killed at a random moment of that stretch (plus a
        // little after), found from its own trace so that slow tenant probes or a busy machine do not
        // push the kills outside it.
        Erase(scenario, token);
        scenario.Sandbox.Environment["GIT_ENTRA_TRACE"] = "1";
        var measured = scenario.Sandbox.Helper(scenario.Request, "get");
        token = CacheScenario.PasswordOf(measured);
        var stretch = (int)(TraceMilliseconds(measured.StdErr, "token cache: saved") - TraceMilliseconds(measured.StdErr, "token cache: loaded")) + 10;
        output.WriteLine($"a refreshing get writes the cache {stretch - 10} ms after it first read it");
        var killedAlive = 0;

        var iterations = 0;
        for (var i = 0; i < MaxIterations && (i < Iterations || killedAlive < RequiredHits); i++, iterations++)
        {
            Erase(scenario, token); // the next get must refresh and write the cache
            var signInsBefore = await emulator.StatAsync("signIns");
            using (var victim = scenario.Sandbox.Start(PublishedHelper.Path, ["get"], scenario.Request))
            {
                var waited = Stopwatch.StartNew();
                while (!victim.HasExited && !victim.StdErr.Contains("token cache: loaded", StringComparison.Ordinal)
                    && waited.Elapsed < TimeSpan.FromSeconds(20))
                {
                    await Task.Delay(1);
                }

                await Task.Delay(random.Next(stretch));
                if (!victim.HasExited)
                {
                    killedAlive++;
                }
                else if (victim.StdErr.Contains("token cache: saved", StringComparison.Ordinal))
                {
                    // It finished before its kill: draw later kills within the shortest write stretch
                    // seen so far, so a slow first measurement on a busy machine does not make most
                    // kills land after the victim has already exited.
                    var observed = (int)(TraceMilliseconds(victim.StdErr, "token cache: saved") - TraceMilliseconds(victim.StdErr, "token cache: loaded")) + 10;
                    stretch = Math.Max(1, Math.Min(stretch, observed));
                }

                victim.Kill(); // SIGKILL
            }

            var next = scenario.Sandbox.Helper(scenario.Request, "get");
            Assert.True(next.ExitCode == 0, $"iteration {i} (seed {seed}): {next}");
            Assert.DoesNotContain("unexpected error", next.StdErr);
            token = CacheScenario.PasswordOf(next);
            Assert.InRange(await emulator.StatAsync("signIns") - signInsBefore, 0, 1);
        }

        output.WriteLine($"{killedAlive} of {iterations} kills hit a running get");
        Assert.True(killedAlive >= RequiredHits, $"only {killedAlive} of {iterations} kills hit a running get");
        Assert.Empty(Directory.GetFiles(scenario.TokenCacheDirectory, "*-corrupt-*")); // writes are atomic
        Assert.True(Directory.GetFiles(scenario.TokenCacheDirectory, "*.tmp").Length <= 1, "killed writers' temporaries are swept");
    }

    /// <summary>When (ms after start) the trace line containing <paramref name="text"/> was written.</summary>
    private static double TraceMilliseconds(string trace, string text)
    {
        var line = trace.Split('\n').FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal))
            ?? throw new Xunit.Sdk.XunitException($"no trace line with '{text}' in:\n{trace}");
        return double.Parse(line[1..line.IndexOf(" ms]", StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Erase(CacheScenario scenario, string token)
    {
        var erase = scenario.Sandbox.Helper(scenario.Request.TrimEnd('\n') + $"\nusername=entra\npassword={token}\n\n", "erase");
        Assert.True(erase.ExitCode == 0, erase.ToString());
    }
}
