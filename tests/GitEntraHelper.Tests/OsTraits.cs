namespace GitEntraHelper.Tests;

/// <summary>
/// The OS a test's subject exists on, as an xunit trait: <c>[Trait(OsTraits.Name, OsTraits.Linux)]</c>
/// on a class or a test. Runs on other systems leave such tests out: the Wine lane
/// (tests/Wine/unit-tests.sh: <c>-trait- OS=Linux -trait- OS=Unix</c>) and the workflow's Windows and
/// macOS jobs (<c>dotnet test --filter</c>). Unmarked tests must pass on every OS.
/// </summary>
internal static class OsTraits
{
    public const string Name = "OS";

    /// <summary>Linux only: libc, the kernel keyring, the Linux broker's files.</summary>
    public const string Linux = "Linux";

    /// <summary>Linux and macOS: Unix paths and git's Unix installation layout.</summary>
    public const string Unix = "Unix";
}
