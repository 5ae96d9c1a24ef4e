namespace GitEntraHelper.EndToEndTests.Infrastructure.SelfTests;

/// <summary>Both gits are there and differ where the tests need them to: capability[]=authtype.</summary>
[SupportedOSPlatform("linux")]
public sealed class GitsTests
{
    [OsTheory(TestOs.Linux, "Debian's git 2.39 and the git eng/build-git.sh builds")]
    [InlineData("git version 2.39.5", "2.39.5")]
    [InlineData("git version 2.47.3\n", "2.47.3")]
    [InlineData("git version 2.46.0.windows.1", "2.46.0")]
    [InlineData("git version 3.0", "3.0")]
    public void ParsesVersions(string output, string expected) =>
        Assert.Equal(Version.Parse(expected), Gits.ParseVersion(output));

    [OsTheory(TestOs.Linux, "Debian's git 2.39 and the git eng/build-git.sh builds")]
    [InlineData("")]
    [InlineData("git version")]
    [InlineData("git version x.y")]
    public void RejectsWhatIsNotAVersion(string output) => Assert.Null(Gits.ParseVersion(output));

    [OsFact(TestOs.Linux, "Debian's git 2.39 and the git eng/build-git.sh builds")]
    public void SystemGitPredatesAuthtype() =>
        Assert.True(Gits.VersionOf(Gits.PathOf(GitKind.System)) < Gits.NewMinimum);

    [OsFact(TestOs.Linux, "Debian's git 2.39 and the git eng/build-git.sh builds")]
    public void NewGitIsAtLeast246() =>
        Assert.True(Gits.VersionOf(Gits.PathOf(GitKind.New)) >= Gits.NewMinimum);

    [OsTheory(TestOs.Linux, "Debian's git 2.39 and the git eng/build-git.sh builds")]
    [InlineData(GitKind.System, false)]
    [InlineData(GitKind.New, true)]
    public void OnlyTheNewGitOffersAuthtypeToHelpers(GitKind kind, bool offered)
    {
        using var sandbox = new GitSandbox(kind);
        var seen = Path.Combine(sandbox.Root, "seen");
        sandbox.SetConfig("credential.helper", $"!f() {{ cat > '{seen}'; echo username=u; echo password=p; }}; f");

        sandbox.GitWithInput("capability[]=authtype\nprotocol=https\nhost=example.test\n\n", "credential", "fill").EnsureSuccess();

        Assert.Equal(offered, File.ReadAllText(seen).Contains("capability[]=authtype", StringComparison.Ordinal));
    }

    [OsFact(TestOs.Linux, "Debian's git 2.39 and the git eng/build-git.sh builds")]
    public void NewGitSandboxPutsThatGitFirstOnPath()
    {
        using var sandbox = new GitSandbox(GitKind.New);

        var version = sandbox.Run("git", null, "--version").EnsureSuccess().StdOut;

        Assert.Equal(Gits.VersionOf(sandbox.GitPath), Gits.ParseVersion(version));
    }
}
