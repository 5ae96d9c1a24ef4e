using System.Reflection;

namespace GitEntraHelper.EndToEndTests.Infrastructure.SelfTests;

/// <summary>
/// The suite runs on Linux, Windows and macOS (.github/workflows/build.yml): every test either runs
/// everywhere or names the systems its subject exists on, and Linux-only infrastructure is reached
/// through the one seam (TestPlatform) so an unmarked test cannot quietly depend on it.
/// </summary>
public sealed class EveryTestNamesItsOsTests
{
    private static IEnumerable<MethodInfo> Tests() =>
        typeof(EveryTestNamesItsOsTests).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttributes<FactAttribute>(inherit: true).Any());

    [OsFact(TestOs.All)]
    public void Every_test_is_cross_platform_or_names_the_os_it_needs_and_why()
    {
        var tests = Tests().ToList();
        Assert.True(tests.Count > 100, $"found only {tests.Count} tests");

        var unmarked = new List<string>();
        foreach (MethodInfo test in tests)
        {
            FactAttribute fact = test.GetCustomAttributes<FactAttribute>(inherit: true).Single();
            (TestOs os, string? subject) = fact switch
            {
                OsFactAttribute f => (f.Os, f.Subject),
                OsTheoryAttribute t => (t.Os, t.Subject),
                _ => ((TestOs)0, null),
            };
            if (os == 0 || (os != TestOs.All && string.IsNullOrWhiteSpace(subject)))
            {
                unmarked.Add($"{test.DeclaringType!.Name}.{test.Name}");
            }
        }

        Assert.True(unmarked.Count == 0, "use [OsFact(TestOs.All)] or [OsFact(TestOs.Linux, \"what only Linux has\")] on: " + string.Join(", ", unmarked));
    }

    [OsFact(TestOs.All)]
    public void A_test_for_another_os_is_skipped_here_with_its_reason()
    {
        TestOs elsewhere = TestOsInfo.Current == TestOs.Windows ? TestOs.Unix : TestOs.Windows;

        Assert.Equal($"needs {elsewhere}: x (this is {TestOsInfo.Current})", new OsFactAttribute(elsewhere, "x").Skip);
        Assert.Null(new OsFactAttribute(TestOs.All).Skip);
        Assert.Null(new OsTheoryAttribute(TestOsInfo.Current, "here").Skip);
    }

    [OsFact(TestOs.All)]
    public void Linux_only_infrastructure_is_reached_only_through_the_seam()
    {
        string root = Path.Combine(RepoPaths.Root, "tests", "GitEntraHelper.EndToEndTests");
        string[] linuxOnly = ["KeyringSession.Start", "KernelKeyrings."];
        var offenders = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => Path.GetFileName(f) is not ("TestPlatform.cs" or "KeyringSession.cs" or "KernelKeyrings.cs" or "EveryTestNamesItsOsTests.cs"))
            .Where(f => linuxOnly.Any(File.ReadAllText(f).Contains))
            .Select(Path.GetFileName)
            .ToList();

        Assert.True(offenders.Count == 0, "use TestPlatform (Infrastructure/Platform) instead in: " + string.Join(", ", offenders));
    }
}
