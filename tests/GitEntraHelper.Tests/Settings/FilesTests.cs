using GitEntraHelper.Platform;

namespace GitEntraHelper.Tests.Settings;

public sealed class FilesTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("gce-files-").FullName;

    [Fact]
    public void Xdg_variables_are_honoured()
    {
        var paths = HelperPaths.FromEnvironment(new DictionaryEnvironmentVariables
        {
            ["HOME"] = At("home", "u"),
            ["XDG_STATE_HOME"] = At("x", "state"),
            ["XDG_CACHE_HOME"] = At("x", "cache"),
        }, windows: false);

        Assert.Equal(At("x", "state", "git-credential-entra"), paths.StateDirectory);
        Assert.Equal(At("x", "cache", "git-credential-entra"), paths.CacheDirectory);
    }

    [Fact]
    public void Xdg_defaults_and_relative_values_ignored()
    {
        var paths = HelperPaths.FromEnvironment(new DictionaryEnvironmentVariables
        {
            ["HOME"] = At("home", "u"),
            ["XDG_STATE_HOME"] = "relative",
        }, windows: false);

        Assert.Equal(At("home", "u", ".local", "state", "git-credential-entra"), paths.StateDirectory);
        Assert.Equal(At("home", "u", ".cache", "git-credential-entra"), paths.CacheDirectory);
    }

    [Fact]
    public void Windows_uses_local_app_data()
    {
        var paths = HelperPaths.FromEnvironment(new DictionaryEnvironmentVariables { ["LOCALAPPDATA"] = At("lad") }, windows: true);

        Assert.Equal(At("lad", "git-credential-entra", "state"), paths.StateDirectory);
        Assert.Equal(At("lad", "git-credential-entra", "cache"), paths.CacheDirectory);
    }

    /// <summary>An absolute path on this OS ("/x" has no drive, so it is not absolute on Windows).</summary>
    private static string At(params string[] parts) => Path.Combine([Path.GetPathRoot(Path.GetTempPath())!, .. parts]);

    [Fact]
    public void Atomic_write_creates_private_directory_and_file_and_replaces_whole()
    {
        string file = Path.Combine(_root, "a", "b", "tenant.txt");

        AtomicFile.WriteAllText(file, "first");
        AtomicFile.WriteAllText(file, "second");

        Assert.Equal("second", File.ReadAllText(file));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(file)!)); // no temporary left behind
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
                File.GetUnixFileMode(Path.GetDirectoryName(file)!));
        }
    }

    [Fact]
    public void Concurrent_writers_leave_one_complete_version()
    {
        string file = Path.Combine(_root, "race.txt");
        string[] versions = Enumerable.Range(0, 8).Select(i => new string((char)('a' + i), 10_000)).ToArray();

        Parallel.ForEach(versions, v => AtomicFile.WriteAllText(file, v));

        Assert.Contains(File.ReadAllText(file), versions);
        Assert.Single(Directory.GetFiles(_root));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
