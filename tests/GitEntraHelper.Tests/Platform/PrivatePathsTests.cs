using GitEntraHelper.Diagnostics;
using GitEntraHelper.Platform;

namespace GitEntraHelper.Tests.Platform;

/// <summary>Files another user of the machine could prepare: planted symlinks, shared or foreign folders.</summary>
public sealed class PrivatePathsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("gce-private-").FullName;

    [Fact]
    public void A_trace_path_that_is_a_planted_symlink_is_refused_and_its_target_untouched()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        string victim = Path.Combine(_root, "victim.txt");
        File.WriteAllText(victim, "precious\n");
        string link = Path.Combine(_root, "trace.log");
        File.CreateSymbolicLink(link, victim);
        var stderr = new StringWriter();

        using (var trace = HelperTrace.FromSetting(link, stderr, 0, PrivatePaths.OpenAppend))
        {
            trace.Write("command", $"get");
            Assert.False(trace.IsEnabled);
        }

        Assert.Equal("precious\n", File.ReadAllText(victim));
        Assert.Contains("symbolic link", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_trace_file_in_a_folder_others_can_write_is_refused()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        string shared = Directory.CreateDirectory(Path.Combine(_root, "shared")).FullName;
        File.SetUnixFileMode(shared, (UnixFileMode)0x3FF); // 0777, like /tmp without its sticky bit
        Assert.Throws<IOException>(() => PrivatePaths.OpenAppend(Path.Combine(shared, "trace.log")).Dispose());
        Assert.False(File.Exists(Path.Combine(shared, "trace.log")));
        Assert.Throws<IOException>(() => PrivatePaths.OpenAppend("/tmp/gce-trace-never-created.log").Dispose());
    }

    [Fact]
    public void Our_folders_are_created_private_and_a_shared_or_linked_one_is_refused_in_one_line()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        string ours = Path.Combine(_root, "cache", HelperPaths.DirectoryName, "tenants");
        PrivatePaths.EnsureDirectory(ours);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(ours));

        File.SetUnixFileMode(Path.GetDirectoryName(ours)!, (UnixFileMode)0x1FF); // someone made our folder 0777
        var e = Assert.Throws<HelperException>(() => PrivatePaths.EnsureDirectory(ours));
        Assert.Contains("other users can write to it", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);

        string planted = Path.Combine(_root, "state", HelperPaths.DirectoryName);
        Directory.CreateDirectory(Path.GetDirectoryName(planted)!);
        Directory.CreateSymbolicLink(planted, Directory.CreateDirectory(Path.Combine(_root, "elsewhere")).FullName);
        Assert.Contains("symbolic link", Assert.Throws<HelperException>(() => PrivatePaths.EnsureDirectory(Path.Combine(planted, "token-cache"))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Atomic_writes_go_through_the_same_check()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        string folder = Directory.CreateDirectory(Path.Combine(_root, HelperPaths.DirectoryName)).FullName;
        File.SetUnixFileMode(folder, (UnixFileMode)0x1FF);
        Assert.Throws<HelperException>(() => AtomicFile.WriteAllText(Path.Combine(folder, "accounts.json"), "{}"));
        Assert.Empty(Directory.GetFiles(folder));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
