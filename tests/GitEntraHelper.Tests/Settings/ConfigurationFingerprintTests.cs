using GitEntraHelper.MemoryCache;
using GitEntraHelper.Platform;
using GitEntraHelper.Settings.GitConfig;

namespace GitEntraHelper.Tests.Settings;

public sealed class ConfigurationFingerprintTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("gce-fingerprint-").FullName;
    private readonly DictionaryEnvironmentVariables _env;

    public ConfigurationFingerprintTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "home"));
        Directory.CreateDirectory(Path.Combine(_root, "work"));
        _env = new DictionaryEnvironmentVariables { ["HOME"] = Home, ["GIT_CONFIG_NOSYSTEM"] = "1" };
    }

    private string Home => Path.Combine(_root, "home");

    private string? Fingerprint(string workingDirectory = "work") =>
        ConfigurationFingerprint.Compute(new GitConfigFiles(_env, Path.Combine(_root, workingDirectory)), _env);

    [Fact]
    public void Same_files_same_fingerprint_any_byte_changed_another()
    {
        File.WriteAllText(Path.Combine(Home, ".gitconfig"), "[credential]\n\thelper = entra\n");
        string first = Fingerprint()!;

        Assert.Equal(first, Fingerprint());
        File.WriteAllText(Path.Combine(Home, ".gitconfig"), "[credential]\n\thelper = entrb\n");
        Assert.NotEqual(first, Fingerprint());
    }

    [Fact]
    public void A_new_repository_config_changes_it()
    {
        string outside = Fingerprint()!;
        GitDirectories.Init(Path.Combine(_root, "work", ".git"));
        string emptyRepo = Fingerprint()!;
        File.WriteAllText(Path.Combine(_root, "work", ".git", "config"), "[credential]\n\tusername = bob@contoso.com\n");

        Assert.NotEqual(outside, emptyRepo);
        Assert.NotEqual(emptyRepo, Fingerprint());
    }

    [Fact]
    public void Included_files_count_whatever_their_condition()
    {
        File.WriteAllText(Path.Combine(Home, ".gitconfig"),
            "[include]\n\tpath = ~/plain.inc\n[includeIf \"gitdir:/nowhere/\"]\n\tpath = conditional.inc\n");
        File.WriteAllText(Path.Combine(Home, "plain.inc"), "[credential]\n\tmsauthFlow = devicecode\n");
        string before = Fingerprint()!;

        File.WriteAllText(Path.Combine(Home, "conditional.inc"), "[credential]\n\tentraTenantId = organizations\n");
        string withConditional = Fingerprint()!;
        File.WriteAllText(Path.Combine(Home, "plain.inc"), "[credential]\n\tmsauthFlow = system\n");

        Assert.NotEqual(before, withConditional);
        Assert.NotEqual(withConditional, Fingerprint());
    }

    [Fact]
    public void Nested_includes_are_followed()
    {
        File.WriteAllText(Path.Combine(Home, ".gitconfig"), "[include]\n\tpath = a.inc\n");
        File.WriteAllText(Path.Combine(Home, "a.inc"), "[include]\n\tpath = b.inc\n");
        File.WriteAllText(Path.Combine(Home, "b.inc"), "[user]\n\tname = one\n");
        string before = Fingerprint()!;

        File.WriteAllText(Path.Combine(Home, "b.inc"), "[user]\n\tname = two\n");

        Assert.NotEqual(before, Fingerprint());
    }

    [Theory]
    [InlineData("[include]\n\tpath = \"with\\\\escape.inc\"\n")]
    [InlineData("[include]\n\tpath = ~other/x.inc\n")]
    [InlineData("[include]\n\tpath = x.inc ; comment\n")]
    [InlineData("[include]\n\tpath = %(prefix)/etc/x.inc\n")]
    [InlineData("[include]\n\tpath\n")]
    public void An_include_this_reader_cannot_follow_gives_no_fingerprint(string content)
    {
        File.WriteAllText(Path.Combine(Home, ".gitconfig"), content);

        Assert.Null(Fingerprint());
    }

    [Fact]
    public void A_command_line_include_gives_no_fingerprint()
    {
        _env["GIT_CONFIG_COUNT"] = "1";
        _env["GIT_CONFIG_KEY_0"] = "include.path";
        _env["GIT_CONFIG_VALUE_0"] = "/x.inc";
        Assert.Null(Fingerprint());

        _env["GIT_CONFIG_COUNT"] = null;
        _env["GIT_CONFIG_PARAMETERS"] = "'include.path'='/x.inc'";
        Assert.Null(Fingerprint());
    }

    [Fact]
    public void It_reads_the_variables_that_steer_git_config_so_they_are_checked_on_reuse()
    {
        var recording = new RecordingEnvironment(_env);
        ConfigurationFingerprint.Compute(new GitConfigFiles(recording, Path.Combine(_root, "work")), recording);

        Assert.Contains("GIT_CONFIG_PARAMETERS", recording.NamesRead);
        Assert.Contains("GIT_CONFIG_COUNT", recording.NamesRead);
        Assert.Contains("GIT_CEILING_DIRECTORIES", recording.NamesRead);
        Assert.Contains("HOME", recording.NamesRead);
        Assert.Contains("GIT_DIR", recording.NamesRead);
    }

    [Fact]
    public void An_onbranch_include_makes_the_branch_part_of_it()
    {
        string gitDir = GitDirectories.Init(Path.Combine(_root, "work", ".git"));
        File.WriteAllText(Path.Combine(gitDir, "config"), "[includeIf \"onbranch:release\"]\n\tpath = release.inc\n");
        File.WriteAllText(Path.Combine(gitDir, "release.inc"), "[credential]\n\tazreposServicePrincipal = t/release\n");
        string onMain = Fingerprint()!;

        File.WriteAllText(Path.Combine(gitDir, "HEAD"), "ref: refs/heads/release\n"); // git checkout release: no config byte changes
        string onRelease = Fingerprint()!;
        File.WriteAllText(Path.Combine(gitDir, "config"), "[includeIf \"hasconfig:remote.*.url:x\"]\n\tpath = release.inc\n");
        string withoutOnbranch = Fingerprint()!;
        File.WriteAllText(Path.Combine(gitDir, "HEAD"), "ref: refs/heads/main\n");

        Assert.NotEqual(onMain, onRelease);
        Assert.Equal(withoutOnbranch, Fingerprint()); // HEAD counts only where a condition reads it
    }

    [Fact]
    public void An_onbranch_include_with_a_symbolic_loose_ref_or_reftable_cannot_be_fingerprinted()
    {
        string gitDir = GitDirectories.Init(Path.Combine(_root, "work", ".git"));
        File.WriteAllText(Path.Combine(gitDir, "config"), "[includeIf \"onbranch:main\"]\n\tpath = main.inc\n");
        Assert.NotNull(Fingerprint());

        Directory.CreateDirectory(Path.Combine(gitDir, "refs", "heads"));
        File.WriteAllText(Path.Combine(gitDir, "refs", "heads", "main"), "ref: refs/heads/other\n"); // git follows it: HEAD is "on" other
        Assert.Null(Fingerprint());

        File.Delete(Path.Combine(gitDir, "refs", "heads", "main"));
        File.WriteAllText(Path.Combine(gitDir, "config"), "[extensions]\n\trefStorage = reftable\n[includeIf \"onbranch:main\"]\n\tpath = main.inc\n");
        Assert.Null(Fingerprint());
    }

    [Fact]
    [Trait(OsTraits.Name, OsTraits.Unix)] // PREFIX/libexec/git-core → PREFIX/etc/gitconfig is Unix git's layout; Git for Windows's is never guessed (below)
    public void The_system_file_policy_is_read_from_counts_even_when_git_config_skips_it()
    {
        string prefix = Path.Combine(_root, "git");
        Directory.CreateDirectory(Path.Combine(prefix, "etc"));
        _env["GIT_EXEC_PATH"] = Path.Combine(prefix, "libexec", "git-core");
        _env["GIT_CONFIG_NOSYSTEM"] = "1";
        string before = Fingerprint()!;

        File.WriteAllText(Path.Combine(prefix, "etc", "gitconfig"), "[credential]\n\tentraAllowedTenants = 11111111-2222-3333-4444-555555555555\n");

        Assert.NotEqual(before, Fingerprint());
    }

    [Fact]
    public void Git_for_windows_policy_file_is_never_guessed_so_there_is_no_fingerprint()
    {
        // Its system file is <install>/etc/gitconfig, not PREFIX/etc/gitconfig of the exec path's <install>/mingw64.
        _env["GIT_EXEC_PATH"] = "C:/Program Files/Git/mingw64/libexec/git-core";

        Assert.Null(ConfigurationFingerprint.Compute(new GitConfigFiles(_env, Path.Combine(_root, "work"), windows: true), _env));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}

public sealed class GitConfigIncludesTests
{
    [Fact]
    public void Reads_include_and_includeIf_paths_in_every_plain_form()
    {
        var paths = GitConfigIncludes.Paths(
            "[user]\n\tpath = not-an-include\n[include]\n\tpath = ~/a.inc\n\tPATH = \"b.inc\"\n"
            + $"[includeIf \"gitdir:~/work/\"]\n  path={Absolute}\n[include] path = d.inc\n# path = e.inc\n",
            Home, Home);

        Assert.Equal([Path.Combine(Home, "a.inc"), Path.Combine(Home, "b.inc"), Absolute, Path.Combine(Home, "d.inc")], paths);
    }

    [Theory] // Git for Windows once read "/x" relative to its installation, now on the current drive: no answer there
    [InlineData("/abs/c.inc", true, null)]
    [InlineData("C:abs/c.inc", true, null)]
    [InlineData("//server/share/c.inc", true, null)]
    [InlineData("C:/abs/c.inc", true, "C:/abs/c.inc")]
    [InlineData("/abs/c.inc", false, "/abs/c.inc")]
    public void An_absolute_include_is_taken_as_written_where_git_reads_it_so(string path, bool windows, string? expected)
    {
        var paths = GitConfigIncludes.Paths($"[include]\n\tpath = {path}\n", Home, Home, out _, new GitPathSyntax(windows));

        Assert.Equal(expected, paths?.Single());
    }

    [Theory] // found by fuzz/ git-config: Path.GetFullPath threw ArgumentException, out of the fingerprint and the front
    [InlineData("[include]\n\tpath = \0inc\n")]
    [InlineData("[include]\n\tpath = ~/inc \0\n")]
    [InlineData("[includeIf \"gitdir:~/\"]\n\tpath = a\0b\n")]
    public void A_path_with_a_NUL_is_not_followed(string content) => Assert.Null(GitConfigIncludes.Paths(content, "/home/u", "/home/u"));

    [Fact]
    public void A_relative_include_without_an_absolute_base_is_no_answer_not_an_exception()
    {
        Assert.Null(GitConfigIncludes.Paths("[include]\n\tpath = x.inc\n", "relative-dir", Home));
    }

    /// <summary>An absolute HOME on this OS ("/home/u" has no drive on Windows).</summary>
    private static string Home => Path.Combine(Path.GetPathRoot(Path.GetTempPath())!, "home", "u");

    /// <summary>An absolute path on this OS as a config file spells it (a backslash would be an escape).</summary>
    private static string Absolute => Path.Combine(Path.GetPathRoot(Path.GetTempPath())!, "abs", "c.inc").Replace('\\', '/');

    [Fact]
    public void No_include_sections_no_paths()
    {
        Assert.Empty(GitConfigIncludes.Paths("[credential]\n\thelper = entra\n", "/", Home)!);
    }
}

public sealed class RecordingEnvironmentTests
{
    [Fact]
    public void Remembers_every_name_read_set_or_not_sorted()
    {
        var recording = new RecordingEnvironment(new DictionaryEnvironmentVariables { ["B"] = "1" });
        _ = recording.Get("B");
        _ = recording.Get("A");
        _ = recording.Get("B");
        _ = recording.Get("GIT_ENTRA_TRACE"); // tracing changes no answer

        Assert.Equal(["A", "B"], recording.NamesRead);
    }

    [Fact]
    public void Digest_tells_unset_from_empty_and_values_apart()
    {
        var env = new DictionaryEnvironmentVariables();
        string unset = RecordingEnvironment.Digest(env, ["X"]);
        env["X"] = "";
        string empty = RecordingEnvironment.Digest(env, ["X"]);
        env["X"] = "1";

        Assert.NotEqual(unset, empty);
        Assert.NotEqual(empty, RecordingEnvironment.Digest(env, ["X"]));
    }
}
