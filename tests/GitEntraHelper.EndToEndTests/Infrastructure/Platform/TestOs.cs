namespace GitEntraHelper.EndToEndTests.Infrastructure.Platform;

/// <summary>The systems an end-to-end test's subject exists on (the workflow runs the suite on each).</summary>
[Flags]
public enum TestOs
{
    Linux = 1,
    MacOS = 2,
    Windows = 4,

    /// <summary>Linux and macOS: POSIX file modes, signals, shell scripts.</summary>
    Unix = Linux | MacOS,

    /// <summary>Cross-platform: runs wherever the suite runs.</summary>
    All = Linux | MacOS | Windows,
}

public static class TestOsInfo
{
    /// <summary>The system this test process runs on.</summary>
    public static TestOs Current { get; } =
        OperatingSystem.IsWindows() ? TestOs.Windows
        : OperatingSystem.IsMacOS() ? TestOs.MacOS
        : TestOs.Linux;

    /// <summary>Why a test that needs <paramref name="needs"/> does not run here, or null when it does.</summary>
    public static string? SkipReason(TestOs needs, string? subject) =>
        (needs & Current) != 0 ? null : $"needs {needs}: {subject} (this is {Current})";
}
