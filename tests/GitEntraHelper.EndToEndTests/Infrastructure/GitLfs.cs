namespace GitEntraHelper.EndToEndTests.Infrastructure;

/// <summary>Which git-lfs a test drives.</summary>
public enum GitLfsKind
{
    /// <summary>Debian 12's git-lfs 3.3 (no <c>capability[]=authtype</c>): user name + token as password, so Basic.</summary>
    System,

    /// <summary>git-lfs ≥ 3.6 from eng/install-git-lfs.sh: offers <c>capability[]=authtype</c>, so Bearer with git ≥ 2.46.</summary>
    New,
}

/// <summary>
/// Finds the git-lfs binaries the tests drive, like <see cref="Gits"/>: the new one from
/// <c>GIT_ENTRA_TEST_GIT_LFS_NEW</c>, else the cache directory eng/install-git-lfs.sh unpacks into.
/// A test that needs one fails with the command that fixes that, rather than being skipped.
/// </summary>
public static class GitLfs
{
    public const string NewVariable = "GIT_ENTRA_TEST_GIT_LFS_NEW";
    public const string SystemPath = "/usr/bin/git-lfs";
    public static readonly Version NewMinimum = new(3, 6);

    private static readonly Lazy<string> LazySystem = new(() => Checked(SystemPath, new Version(3, 0), "run eng/install-test-deps.sh (Debian's git-lfs package)"));
    private static readonly Lazy<string> LazyNew = new(FindNew);

    public static string PathOf(GitLfsKind kind) => kind switch
    {
        GitLfsKind.System => LazySystem.Value,
        GitLfsKind.New => LazyNew.Value,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Where eng/install-git-lfs.sh unpacks: ${XDG_CACHE_HOME:-$HOME/.cache}/git-credential-entra-tests/git-lfs/usr/bin/git-lfs.</summary>
    public static string BuildCachePath => TestToolCache.PathOf("git-lfs", "usr", "bin", "git-lfs");

    /// <summary>The version `git-lfs version` reports ("git-lfs/3.6.1 (GitHub; linux amd64; go 1.24.4)").</summary>
    public static Version VersionOf(string path)
    {
        var result = ProcessRunner.RunAsync(path, ["version"], environment: null, workingDirectory: null, stdin: null, TimeSpan.FromSeconds(30))
            .GetAwaiter().GetResult().EnsureSuccess();
        return ParseVersion(result.StdOut) ?? throw new InvalidOperationException($"Cannot read a version from `{path} version`: {result.StdOut.Trim()}");
    }

    internal static Version? ParseVersion(string output)
    {
        var text = output.Trim();
        if (!text.StartsWith("git-lfs/", StringComparison.Ordinal))
        {
            return null;
        }

        var number = text["git-lfs/".Length..].Split(' ')[0];
        return Version.TryParse(number, out var version) ? version : null;
    }

    private static string FindNew()
    {
        var configured = Environment.GetEnvironmentVariable(NewVariable);
        return Checked(string.IsNullOrEmpty(configured) ? BuildCachePath : configured, NewMinimum,
            "run eng/install-git-lfs.sh (it unpacks Debian trixie's git-lfs into the test cache), or set " + NewVariable + " to a git-lfs ≥ 3.6");
    }

    private static string Checked(string path, Version minimum, string fix)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"git-lfs ≥ {minimum} not found at {path}: {fix}.");
        }

        var version = VersionOf(path);
        return version >= minimum ? path : throw new InvalidOperationException($"{path} is git-lfs {version}, older than {minimum}: {fix}.");
    }
}
