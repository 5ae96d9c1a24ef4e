using GitEntraHelper.EndToEndTests.Infrastructure;

namespace GitEntraHelper.EndToEndTests.Foundation;

/// <summary>
/// Files another user of the machine may prepare for the published helper (front and engine): a trace path
/// that is a symlink to the victim's file, a trace file in a folder everyone can write, a cache folder that
/// another user made writable. Nothing is written through them; each is one line.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class PlantedFilesTests
{
    private const string NotOurs = "protocol=https\nhost=github.com\npath=x/y.git\n\n";
    private const string Ours = "protocol=https\nhost=dev.azure.com\npath=contoso/demo/_git/demo\n\n";

    [OsTheory(TestOs.Unix, "POSIX modes and symlinks another user plants")]
    [InlineData(NotOurs)] // answered by the front
    [InlineData(Ours)]    // handed over to the engine
    public void A_trace_symlink_to_the_victims_file_is_never_written_through(string request)
    {
        using var sandbox = new GitSandbox();
        string victim = Path.Combine(sandbox.Home, ".bashrc");
        File.WriteAllText(victim, "# the victim's file\n");
        string link = Path.Combine(sandbox.Root, "entra-trace.log");
        File.CreateSymbolicLink(link, victim);
        sandbox.Environment["GIT_ENTRA_TRACE"] = link;
        sandbox.Environment["CI"] = "true";
        sandbox.Environment["GIT_ENTRA_TENANT_ID"] = "72f988bf-86f1-41af-91ab-2d7cd011db47";

        var result = sandbox.Helper(request, "get");

        Assert.Equal("# the victim's file\n", File.ReadAllText(victim));
        Assert.Contains($"git-credential-entra: warning: cannot open trace file {link}", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("symbolic link", result.StdErr, StringComparison.Ordinal);
    }

    [OsFact(TestOs.Unix, "POSIX modes and symlinks another user plants")]
    public void A_trace_file_in_a_folder_everyone_can_write_is_refused()
    {
        using var sandbox = new GitSandbox();
        string shared = Directory.CreateDirectory(Path.Combine(sandbox.Root, "shared")).FullName;
        File.SetUnixFileMode(shared, (UnixFileMode)0x3FF); // 1777, as /tmp
        sandbox.Environment["GIT_ENTRA_TRACE"] = Path.Combine(shared, "entra.log");

        var result = sandbox.Helper(NotOurs, "get");

        Assert.Equal(0, result.ExitCode);
        Assert.False(File.Exists(Path.Combine(shared, "entra.log")));
        Assert.Contains("other users can write to it", result.StdErr, StringComparison.Ordinal);
    }

    [OsFact(TestOs.Unix, "POSIX modes and symlinks another user plants")]
    public void A_cache_folder_another_user_can_write_is_refused_before_anything_is_kept_there()
    {
        using var sandbox = new GitSandbox();
        string ours = Directory.CreateDirectory(Path.Combine(sandbox.CacheHome, "git-credential-entra")).FullName;
        File.SetUnixFileMode(ours, (UnixFileMode)0x1FF); // 0777
        sandbox.Environment["CI"] = "true";
        sandbox.Environment["GIT_ENTRA_CACHE_PROTECTION"] = "plaintext";

        // A challenge names the tenant, so the helper would cache it in that folder.
        var result = sandbox.Helper(Ours.TrimEnd('\n') + "\nwwwauth[]=Bearer authorization_uri=https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47\n\n", "get");

        Assert.NotEqual(0, result.ExitCode);
        var line = Assert.Single(ProcessResult.MessagesOf(result.StdErr));
        Assert.StartsWith("git-credential-entra: refusing to keep files in ", line, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(ours));
    }
}
