using System.Diagnostics;
using GitEntraHelper.EndToEndTests.Infrastructure;
using Xunit.Abstractions;

namespace GitEntraHelper.EndToEndTests.TokenCache;

/// <summary>
/// kill -9 at random moments while `get` refreshes and writes the cache: the next `get` always
/// works (at worst after one new sign-in), never crashes, and no torn cache file is ever read.
/// </summary>
public sealed class KilledWriterTests(EmulatorFixture emulator, ITestOutputHelper output) : IClassFixture<EmulatorFixture>
{
    private const int Iterations = 100;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Killing_get_while_it_writes_never_breaks_the_next_get(bool plainText)
    {
        using var keyring = plainText ? null : KeyringSession.Start();
        using var scenario = new CacheScenario(emulator, keyring, plainText);
        Assert.True(scenario.Clone().ExitCode == 0);
        var token = scenario.GetToken();
        var seed = Environment.TickCount;
        var random = new Random(seed);
        output.WriteLine($"seed {seed}");

        // How long a refreshing get takes here: kills land anywhere inside that window.
        var timer = Stopwatch.StartNew();
        Erase(scenario, token);
        token = scenario.GetToken();
        var window = Math.Max(20, (int)timer.ElapsedMilliseconds);
        var killedAlive = 0;

        for (var i = 0; i < Iterations; i++)
        {
            Erase(scenario, token); // the next get must refresh and write the cache
            var signInsBefore = await emulator.StatAsync("signIns");
            using (var victim = scenario.Sandbox.Start(PublishedHelper.Path, ["get"], scenario.Request))
            {
                await Task.Delay(random.Next(window));
                if (!victim.HasExited)
                {
                    killedAlive++;
                }

                victim.Kill(); // SIGKILL
            }

            var next = scenario.Sandbox.Helper(scenario.Request, "get");
            Assert.True(next.ExitCode == 0, $"iteration {i} (seed {seed}): {next}");
            Assert.DoesNotContain("unexpected error", next.StdErr);
            token = CacheScenario.PasswordOf(next);
            Assert.InRange(await emulator.StatAsync("signIns") - signInsBefore, 0, 1);
        }

        output.WriteLine($"{killedAlive} of {Iterations} kills hit a running get (window {window} ms)");
        Assert.True(killedAlive >= Iterations / 2, $"only {killedAlive} kills hit a running get");
        Assert.Empty(Directory.GetFiles(scenario.TokenCacheDirectory, "*-corrupt-*")); // writes are atomic
        Assert.True(Directory.GetFiles(scenario.TokenCacheDirectory, "*.tmp").Length <= 1, "killed writers' temporaries are swept");
    }

    private static void Erase(CacheScenario scenario, string token)
    {
        var erase = scenario.Sandbox.Helper(scenario.Request.TrimEnd('\n') + $"\nusername=entra\npassword={token}\n\n", "erase");
        Assert.True(erase.ExitCode == 0, erase.ToString());
    }
}
