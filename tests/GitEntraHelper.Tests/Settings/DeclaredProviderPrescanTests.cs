using GitEntraHelper.Platform;
using GitEntraHelper.Settings.GitConfig;

namespace GitEntraHelper.Tests.Settings;

public sealed class DeclaredProviderPrescanTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("gce-prescan-").FullName;
    private readonly DictionaryEnvironmentVariables _env;

    public DeclaredProviderPrescanTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "home", ".config", "git"));
        Directory.CreateDirectory(Path.Combine(_root, "work"));
        _env = new DictionaryEnvironmentVariables
        {
            ["HOME"] = Path.Combine(_root, "home"),
            ["GIT_CONFIG_NOSYSTEM"] = "1",
        };
    }

    [Fact]
    public void No_config_anywhere_proves_no_provider()
    {
        Assert.False(Scan().MayDeclareProvider(out string reason));
        Assert.Contains("none of", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_config_without_provider_proves_none()
    {
        File.WriteAllText(Path.Combine(_root, "home", ".gitconfig"), "[user]\n\tname = x\n[credential]\n\thelper = entra\n");

        Assert.False(Scan().MayDeclareProvider(out _));
    }

    [Theory]
    [InlineData(".gitconfig", "[credential \"https://ado.example\"]\n\tProvider = azure-devops\n")]
    [InlineData(".config/git/config", "[credential \"https://ado.example\"]\n\tprovider = azure-devops\n")]
    [InlineData(".gitconfig", "[include]\n\tpath = other.inc\n")]
    [InlineData(".gitconfig", "[includeIf \"gitdir:~/work/\"]\n\tpath = work.inc\n")]
    public void Provider_or_include_in_global_config_means_ask_git(string file, string content)
    {
        File.WriteAllText(Path.Combine(_root, "home", file), content);

        Assert.True(Scan().MayDeclareProvider(out string reason));
        Assert.Contains(Path.GetFileName(file), reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Command_line_config_is_seen()
    {
        _env["GIT_CONFIG_PARAMETERS"] = "'credential.https://127.0.0.1:8443.provider'='azure-devops'";
        Assert.True(Scan().MayDeclareProvider(out _));

        _env["GIT_CONFIG_PARAMETERS"] = null;
        _env["GIT_CONFIG_COUNT"] = "1";
        _env["GIT_CONFIG_KEY_0"] = "credential.https://x.provider";
        _env["GIT_CONFIG_VALUE_0"] = "azure-devops";
        Assert.True(Scan().MayDeclareProvider(out _));
    }

    [Fact]
    public void Repository_config_is_seen_from_a_subdirectory()
    {
        string repo = Path.Combine(_root, "work", "repo");
        GitDirectories.Init(Path.Combine(repo, ".git"));
        Directory.CreateDirectory(Path.Combine(repo, "src", "deep"));
        File.WriteAllText(Path.Combine(repo, ".git", "config"), "[credential \"https://ado.example\"]\n\tprovider = azure-devops\n");

        Assert.True(Scan(Path.Combine(repo, "src", "deep")).MayDeclareProvider(out _));
    }

    [Fact]
    public void Linked_worktree_reads_the_common_config()
    {
        string main = Path.Combine(_root, "work", "main", ".git");
        string worktreeGitDir = Path.Combine(main, "worktrees", "wt");
        string worktree = Path.Combine(_root, "work", "wt");
        GitDirectories.Init(main);
        GitDirectories.InitWorktree(worktreeGitDir, main);
        Directory.CreateDirectory(worktree);
        File.WriteAllText(Path.Combine(worktree, ".git"), $"gitdir: {worktreeGitDir}\n");
        File.WriteAllText(Path.Combine(main, "config"), "[credential \"https://ado.example\"]\n\tprovider = azure-repos\n");

        Assert.True(Scan(worktree).MayDeclareProvider(out _));
    }

    [Theory] // found by fuzz/ git-config: Path.GetFullPath threw ArgumentException out of the prescan and the front
    [InlineData("gitdir: ../.g\0it\n", null)]
    [InlineData("gitdir: {0}\n", "..\0/..\n")]
    public void A_git_file_or_commondir_with_a_NUL_means_ask_git(string dotGit, string? commonDir)
    {
        string gitDir = Path.Combine(_root, "work", "linked.git");
        string worktree = Path.Combine(_root, "work", "wt");
        Directory.CreateDirectory(gitDir);
        Directory.CreateDirectory(worktree);
        File.WriteAllText(Path.Combine(worktree, ".git"), string.Format(System.Globalization.CultureInfo.InvariantCulture, dotGit, gitDir));
        if (commonDir is not null)
        {
            File.WriteAllText(Path.Combine(gitDir, "commondir"), commonDir);
        }

        Assert.True(Scan(worktree).MayDeclareProvider(out _));
    }

    [Fact]
    public void Git_dir_variable_is_honoured()
    {
        string gitDir = GitDirectories.Init(Path.Combine(_root, "elsewhere.git"));
        File.WriteAllText(Path.Combine(gitDir, "config"), "provider");
        _env["GIT_DIR"] = gitDir;

        Assert.True(Scan().MayDeclareProvider(out _));
    }

    [Fact]
    public void Global_config_variable_replaces_home_files()
    {
        File.WriteAllText(Path.Combine(_root, "home", ".gitconfig"), "provider");
        string global = Path.Combine(_root, "global.cfg");
        File.WriteAllText(global, "[user]\n");
        _env["GIT_CONFIG_GLOBAL"] = global;

        Assert.False(Scan().MayDeclareProvider(out _));
    }

    [Fact]
    [Trait(OsTraits.Name, OsTraits.Unix)]
    public void System_config_location_follows_the_git_installation()
    {
        _env["GIT_CONFIG_NOSYSTEM"] = null;
        _env["GIT_EXEC_PATH"] = Path.Combine(_root, "opt", "git", "libexec", "git-core");
        Directory.CreateDirectory(Path.Combine(_root, "opt", "git", "etc"));
        File.WriteAllText(Path.Combine(_root, "opt", "git", "etc", "gitconfig"), "[credential \"https://x\"]\nprovider = azure-devops\n");

        var files = Scan().Files.All()!;
        Assert.Contains("/etc/gitconfig", files);
        Assert.Contains(Path.Combine(_root, "opt", "git", "etc", "gitconfig"), files);
        Assert.True(Scan().MayDeclareProvider(out _));

        _env["GIT_EXEC_PATH"] = "/somewhere/unusual";
        Assert.True(Scan().MayDeclareProvider(out string reason));
        Assert.Contains("cannot tell", reason, StringComparison.Ordinal);
    }

    [Fact]
    [Trait(OsTraits.Name, OsTraits.Unix)]
    public void Debian_git_reads_etc_gitconfig_only()
    {
        _env["GIT_CONFIG_NOSYSTEM"] = null;
        _env["GIT_EXEC_PATH"] = "/usr/lib/git-core";

        var files = Scan().Files.All()!;
        Assert.Equal(["/etc/gitconfig"], files.Where(f => f.EndsWith("gitconfig", StringComparison.Ordinal) && !f.Contains(_root, StringComparison.Ordinal)));
    }

    [Fact]
    public void Git_for_windows_system_config_is_never_guessed_so_git_decides()
    {
        // Its exec path names <install>/mingw64, but it reads <install>/etc/gitconfig and %PROGRAMDATA%/Git/config.
        _env["GIT_CONFIG_NOSYSTEM"] = null;
        _env["GIT_EXEC_PATH"] = "C:/Program Files/Git/mingw64/libexec/git-core";

        var scan = new DeclaredProviderPrescan(new GitConfigFiles(_env, Path.Combine(_root, "work"), windows: true));

        Assert.Null(scan.Files.All());
        Assert.True(scan.MayDeclareProvider(out string reason));
        Assert.Contains("cannot tell", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_home_means_ask_git()
    {
        _env["HOME"] = null;
        Assert.True(Scan().MayDeclareProvider(out _));
    }

    private DeclaredProviderPrescan Scan(string? workingDirectory = null) =>
        new(_env, workingDirectory ?? Path.Combine(_root, "work"));

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
