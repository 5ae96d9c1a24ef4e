using GitEntraHelper.Platform;
using GitEntraHelper.Settings.GitConfig;

namespace GitEntraHelper.Tests.Settings;

/// <summary>Repository discovery decides as git's setup.c does, or says it is unsure.</summary>
public sealed class RepositoryDiscoveryTests : IDisposable
{
    private readonly string _root = FileStatus.RealPath(Directory.CreateTempSubdirectory("gce-discovery-").FullName)!;
    private readonly DictionaryEnvironmentVariables _env = new();

    private RepositoryDiscovery.Outcome Discover(string directory, out RepositoryLocation? repository, bool bareMayBeRestricted = false) =>
        RepositoryDiscovery.Discover(_env, directory, () => bareMayBeRestricted, out repository);

    [Fact]
    public void A_dot_git_folder_that_is_not_a_repository_is_walked_past_as_git_does()
    {
        string outer = GitDirectories.Init(Path.Combine(_root, ".git"));
        string inner = Path.Combine(_root, "project", ".git");
        Directory.CreateDirectory(inner); // no HEAD, objects or refs: git walks on
        File.WriteAllText(Path.Combine(inner, "config"), "[credential]\n\tprovider = x\n");

        Assert.Equal(RepositoryDiscovery.Outcome.Found, Discover(Path.Combine(_root, "project"), out var found));
        Assert.Equal(outer, found!.GitDirectory);

        File.WriteAllText(Path.Combine(inner, "HEAD"), "not a ref\n"); // still invalid: validate_headref refuses it
        Directory.CreateDirectory(Path.Combine(inner, "objects"));
        Directory.CreateDirectory(Path.Combine(inner, "refs"));
        Assert.Equal(outer, Discover(Path.Combine(_root, "project"), out found) == RepositoryDiscovery.Outcome.Found ? found!.GitDirectory : null);

        File.WriteAllText(Path.Combine(inner, "HEAD"), new string('a', 40) + "\n"); // a detached HEAD is valid
        Discover(Path.Combine(_root, "project"), out found);
        Assert.Equal(inner, found!.GitDirectory);
    }

    [Fact]
    public void An_invalid_gitfile_or_a_bare_repository_that_policy_may_forbid_is_unsure()
    {
        GitDirectories.Init(Path.Combine(_root, ".git"));
        string project = Directory.CreateDirectory(Path.Combine(_root, "project")).FullName;
        File.WriteAllText(Path.Combine(project, ".git"), "gitdir: /nowhere\n"); // git dies: not a git repository
        Assert.Equal(RepositoryDiscovery.Outcome.Unsure, Discover(project, out _));

        string bare = GitDirectories.Init(Path.Combine(_root, "bare.git"));
        Assert.Equal(RepositoryDiscovery.Outcome.Found, Discover(bare, out var found));
        Assert.Equal(bare, found!.GitDirectory);
        Assert.Equal(RepositoryDiscovery.Outcome.Unsure, Discover(bare, out _, bareMayBeRestricted: true));
    }

    [Fact]
    [Trait(OsTraits.Name, OsTraits.Unix)] // a ':'-separated list resolved by realpath(3); on Windows (';', Git for Windows's realpath) discovery is unsure
    public void Discovery_stops_below_a_ceiling_directory_and_its_symbolic_links_are_resolved()
    {
        GitDirectories.Init(Path.Combine(_root, ".git"));
        string deep = Directory.CreateDirectory(Path.Combine(_root, "a", "b")).FullName;
        Directory.CreateSymbolicLink(Path.Combine(_root, "link"), Path.Combine(_root, "a"));

        _env["GIT_CEILING_DIRECTORIES"] = Path.Combine(_root, "link"); // canonicalised to …/a
        Assert.Equal(RepositoryDiscovery.Outcome.NoRepository, Discover(deep, out _));
        _env["GIT_CEILING_DIRECTORIES"] = ":" + Path.Combine(_root, "link"); // after an empty entry: taken as written
        Assert.Equal(RepositoryDiscovery.Outcome.Found, Discover(deep, out _));
        _env["GIT_CEILING_DIRECTORIES"] = Path.Combine(_root, "a", "b"); // the working directory itself is no ceiling
        Assert.Equal(RepositoryDiscovery.Outcome.Found, Discover(deep, out _));
    }

    [Fact]
    public void Explicit_git_dir_that_is_no_repository_or_an_odd_variable_means_unsure()
    {
        _env["GIT_DIR"] = GitDirectories.Init(Path.Combine(_root, "explicit.git"));
        Assert.Equal(RepositoryDiscovery.Outcome.Found, Discover(_root, out _));
        _env["GIT_DIR"] = Path.Combine(_root, "missing"); // git has no repository, but parses missing/config early
        Assert.Equal(RepositoryDiscovery.Outcome.Unsure, Discover(_root, out _));
        _env["GIT_DIR"] = "";
        Assert.Equal(RepositoryDiscovery.Outcome.Unsure, Discover(_root, out _));
        _env["GIT_DIR"] = null;
        _env["GIT_DISCOVERY_ACROSS_FILESYSTEM"] = "maybe";
        Assert.Equal(RepositoryDiscovery.Outcome.Unsure, Discover(_root, out _));
        _env["GIT_DISCOVERY_ACROSS_FILESYSTEM"] = null;
        _env["GIT_COMMON_DIR"] = _root;
        Assert.Equal(RepositoryDiscovery.Outcome.Unsure, Discover(_root, out _));
    }

    [Fact]
    public void A_repository_owned_by_another_user_is_unsure()
    {
        if (!FileStatus.Exact || FileStatus.EffectiveUserId != 0)
        {
            return; // only root can give a folder away
        }

        string repo = Directory.CreateDirectory(Path.Combine(_root, "theirs")).FullName;
        GitDirectories.Init(Path.Combine(repo, ".git"));
        Assert.Equal(RepositoryDiscovery.Outcome.Found, Discover(repo, out _));
        Assert.Equal(0, Chown(repo, 65534, 65534));
        Assert.Equal(RepositoryDiscovery.Outcome.Unsure, Discover(repo, out _)); // git consults safe.directory
    }

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int chown([System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPUTF8Str)] string path, int owner, int group);

    private static int Chown(string path, int owner, int group) => chown(path, owner, group);

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
