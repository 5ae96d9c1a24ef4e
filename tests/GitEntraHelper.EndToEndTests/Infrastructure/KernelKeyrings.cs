using System.Runtime.InteropServices;

namespace GitEntraHelper.EndToEndTests.Infrastructure;

/// <summary>
/// Kernel keyrings as the tests meet them: whether this machine's kernel serves them to our processes,
/// and a launcher (Infrastructure/native/no-keyring.c, built once with cc) that runs a command the way
/// Docker's default seccomp profile would, every keyring system call refused.
/// </summary>
[SupportedOSPlatform("linux")]
public static class KernelKeyrings
{
    private static readonly Lazy<string> LazyNoKeyring = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>True where the kernel refuses keyring calls to the test process (e.g. inside Docker).</summary>
    public static bool RefusedHere { get; } = Probe();

    /// <summary>Path of the no-keyring launcher: <c>no-keyring COMMAND [ARG...]</c>.</summary>
    public static string NoKeyring => LazyNoKeyring.Value;

    private static bool Probe()
    {
        nint keyctl = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 219 : 250;
        return syscall(keyctl, 0, -4, 0, 0, 0) < 0; // KEYCTL_GET_KEYRING_ID of the user keyring
    }

    private static string Build()
    {
        string source = Path.Combine(RepoPaths.Root, "tests", "GitEntraHelper.EndToEndTests", "Infrastructure", "native", "no-keyring.c");
        string binary = Path.Combine(RepoPaths.Artifacts, "e2e", "no-keyring");
        Directory.CreateDirectory(Path.GetDirectoryName(binary)!);
        using (FileLock.Acquire(Path.Combine(RepoPaths.Artifacts, "e2e", "no-keyring.lock"), TimeSpan.FromMinutes(2)))
        {
            if (!File.Exists(binary) || File.GetLastWriteTimeUtc(binary) < File.GetLastWriteTimeUtc(source))
            {
                var result = ProcessRunner.RunAsync("cc", ["-O2", "-o", binary, source], null, RepoPaths.Root, stdin: null, TimeSpan.FromMinutes(2))
                    .GetAwaiter().GetResult();
                if (!result.Succeeded)
                {
                    throw new InvalidOperationException($"building the no-keyring launcher failed:\n{result}");
                }
            }
        }

        return binary;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern nint syscall(nint number, nint a1, nint a2, nint a3, nint a4, nint a5);
}
