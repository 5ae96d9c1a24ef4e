namespace GitEntraHelper.EndToEndTests.Infrastructure;

/// <summary>Which git a test drives.</summary>
public enum GitKind
{
    /// <summary>Debian 12's git 2.39 (no <c>capability[]=authtype</c>): user name + token as password.</summary>
    System,

    /// <summary>git ≥ 2.46 built by eng/build-git.sh: <c>authtype=Bearer</c> responses, <c>wwwauth[]</c> retries.</summary>
    New,
}

/// <summary>
/// Finds the gits the tests drive. The new one comes from <c>GIT_ENTRA_TEST_GIT_NEW</c>, else from the
/// cache directory eng/build-git.sh installs into (under the real user's cache, not a sandbox's).
/// A test that needs it fails, with the command that fixes that, rather than being skipped.
/// </summary>
public static class Gits
{
    public const string NewGitVariable = "GIT_ENTRA_TEST_GIT_NEW";
    /// <summary>
    /// The OS's own git: Debian's 2.39 and Apple's (Xcode) at /usr/bin/git; on Windows, Git for
    /// Windows (git.exe on PATH), which is newer than 2.46 — tests that need an older git are Unix-only.
    /// </summary>
    public static string SystemPath => OperatingSystem.IsWindows() ? GitForWindows() : "/usr/bin/git";
    public static readonly Version NewMinimum = new(2, 46);

    private static readonly Lazy<string> LazyNew = new(FindNew);

    /// <summary>Path of the git for <paramref name="kind"/>; throws (failing the test) when it is missing.</summary>
    public static string PathOf(GitKind kind) => kind switch
    {
        GitKind.System => File.Exists(SystemPath)
            ? SystemPath
            : throw new InvalidOperationException($"{SystemPath} is missing; run eng/install-test-deps.sh."),
        GitKind.New => LazyNew.Value,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Where eng/build-git.sh installs git: ${XDG_CACHE_HOME:-$HOME/.cache}/git-credential-entra-tests/git/bin/git.</summary>
    public static string BuildCachePath => TestToolCache.PathOf("git", "bin", "git");

    /// <summary>The version <c>git --version</c> reports, e.g. 2.39.5 (or 2.47.3).</summary>
    public static Version VersionOf(string gitPath)
    {
        var result = ProcessRunner.RunAsync(gitPath, ["--version"], environment: null, workingDirectory: null, stdin: null, TimeSpan.FromSeconds(30))
            .GetAwaiter().GetResult().EnsureSuccess();
        return ParseVersion(result.StdOut)
            ?? throw new InvalidOperationException($"Cannot read a version from `{gitPath} --version`: {result.StdOut.Trim()}");
    }

    /// <summary>Parses "git version 2.47.3" (or "2.47.3.windows.1") into 2.47.3.</summary>
    internal static Version? ParseVersion(string output)
    {
        var parts = output.Trim().Split(' ');
        if (parts.Length < 3)
        {
            return null;
        }

        var numbers = parts[2].Split('.').TakeWhile(p => p.All(char.IsAsciiDigit) && p.Length > 0).Take(3).ToArray();
        return numbers.Length >= 2 ? Version.Parse(string.Join('.', numbers)) : null;
    }

    private static string GitForWindows() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "git.exe")).FirstOrDefault(File.Exists) ?? "git.exe";

    private static string FindNew()
    {
        var configured = Environment.GetEnvironmentVariable(NewGitVariable);
        var path = string.IsNullOrEmpty(configured) ? BuildCachePath : configured;
        const string fix = "run eng/build-git.sh (it builds git ≥ 2.46 from Debian trixie's source into the test cache), "
                           + "or set " + NewGitVariable + " to a git ≥ 2.46";
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"git ≥ {NewMinimum} not found at {path}: {fix}.");
        }

        var version = VersionOf(path);
        return version >= NewMinimum
            ? path
            : throw new InvalidOperationException($"{path} is git {version}, older than {NewMinimum}: {fix}.");
    }
}
