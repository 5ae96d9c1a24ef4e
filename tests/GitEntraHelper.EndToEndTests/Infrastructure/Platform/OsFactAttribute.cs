namespace GitEntraHelper.EndToEndTests.Infrastructure.Platform;

/// <summary>
/// An end-to-end test and the systems its subject exists on: <c>[OsFact(TestOs.All)]</c> runs
/// everywhere; <c>[OsFact(TestOs.Linux, "gnome-keyring's Secret Service")]</c> is skipped elsewhere
/// with that reason. Every test of this assembly says which (SelfTests/EveryTestNamesItsOsTests).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OsFactAttribute : FactAttribute
{
    public OsFactAttribute(TestOs os, string? subject = null)
    {
        Os = os;
        Subject = subject;
        Skip = TestOsInfo.SkipReason(os, subject);
    }

    public TestOs Os { get; }

    /// <summary>What the test needs that only those systems have (required unless <see cref="TestOs.All"/>).</summary>
    public string? Subject { get; }
}

/// <summary>The <see cref="TheoryAttribute"/> form of <see cref="OsFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OsTheoryAttribute : TheoryAttribute
{
    public OsTheoryAttribute(TestOs os, string? subject = null)
    {
        Os = os;
        Subject = subject;
        Skip = TestOsInfo.SkipReason(os, subject);
    }

    public TestOs Os { get; }

    public string? Subject { get; }
}
