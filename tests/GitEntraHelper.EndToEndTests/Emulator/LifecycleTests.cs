using System.Globalization;
using GitEntraHelper.EndToEndTests.Infrastructure;
using Xunit.Abstractions;

namespace GitEntraHelper.EndToEndTests.Emulator;

/// <summary>The emulator as a process: fast start, loopback only, side by side, clean stop on SIGTERM.</summary>
[SupportedOSPlatform("linux")]
public sealed class LifecycleTests(ITestOutputHelper output)
{
    [OsFact(TestOs.Linux, "/proc's socket tables and SIGTERM")]
    public async Task Two_instances_start_side_by_side_on_loopback_only_and_stop_cleanly_on_sigterm()
    {
        var first = new EmulatorFixture();
        var second = new EmulatorFixture();
        try
        {
            await Task.WhenAll(first.InitializeAsync(), second.InitializeAsync());
            foreach (var emulator in new[] { first, second })
            {
                // CPU work to start (wall time depends on how busy the machine is, so it is only reported).
                var cpu = emulator.Process.TotalProcessorTime;
                output.WriteLine($"started in {emulator.StartupTime.TotalMilliseconds:F0} ms wall, {cpu.TotalMilliseconds:F0} ms CPU");
                Assert.True(cpu < TimeSpan.FromSeconds(3), $"start-up used {cpu} of CPU");

                foreach (var key in new[] { "AZURE_AUTHORITY_HOST", "EMULATOR_DEVOPS_URL", "EMULATOR_ADMIN_URL", "EMULATOR_IDENTITY_ENDPOINT", "EMULATOR_GITHUB_OIDC_REQUEST_URL" })
                {
                    Assert.Equal("127.0.0.1", new Uri(emulator[key]).Host);
                }

                var listening = ListeningAddresses(emulator.Process.Id);
                Assert.Equal(5, listening.Count);
                Assert.All(listening, address => Assert.StartsWith("127.0.0.1:", address, StringComparison.Ordinal));
            }

            Assert.NotEqual(first.DevOpsUrl, second.DevOpsUrl);
            Assert.NotEqual(first.TenantId, second.TenantId);
            Assert.Equal(0, await first.StatAsync("tokenRequests"));

            await first.DisposeAsync();
            Assert.Equal(0, first.ExitCode);
            Assert.Contains("emulator: stopping", first.Output, StringComparison.Ordinal);
            Assert.False(Directory.Exists(first.StateDirectory));
            Assert.Equal(0, await second.StatAsync("tokenRequests")); // the other one still serves
        }
        finally
        {
            await first.DisposeAsync();
            await second.DisposeAsync();
        }
    }

    [OsFact(TestOs.Linux, "/proc's socket tables and SIGTERM")]
    public void Missing_state_dir_is_one_clear_line_and_exit_code_2()
    {
        using var sandbox = new GitSandbox();
        var emulatorDll = typeof(EmulatorFixture).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().Single(a => a.Key == "EmulatorAssembly").Value!;

        var result = sandbox.Run("dotnet", null, "exec", emulatorDll, "--bogus");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("emulator: unexpected argument '--bogus'", result.StdErr, StringComparison.Ordinal);
        Assert.Single(result.StdErr.Trim().Split('\n'));
    }

    /// <summary>host:port of every TCP socket the process listens on (from /proc: its socket inodes, matched to /proc/net/tcp*).</summary>
    private static List<string> ListeningAddresses(int processId)
    {
        var inodes = Directory.GetFiles($"/proc/{processId}/fd")
            .Select(fd => new FileInfo(fd).LinkTarget)
            .Where(target => target is not null && target.StartsWith("socket:[", StringComparison.Ordinal))
            .Select(target => target!["socket:[".Length..^1])
            .ToHashSet();
        var addresses = new List<string>();
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var columns = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (columns[3] != "0A" || !inodes.Contains(columns[9]))
                {
                    continue; // not listening, or not this process
                }

                var (hexAddress, hexPort) = (columns[1].Split(':')[0], columns[1].Split(':')[1]);
                var port = int.Parse(hexPort, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                var address = hexAddress.Length == 8
                    ? string.Join('.', Convert.FromHexString(hexAddress).Reverse())
                    : "[" + hexAddress + "]";
                addresses.Add($"{address}:{port}");
            }
        }

        return addresses;
    }
}
