using GitEntraHelper.EndToEndTests.Infrastructure;

namespace GitEntraHelper.EndToEndTests.Foundation;

/// <summary>
/// The published Linux layout: the front git starts answers what needs no identity code by itself and
/// hands the rest to git-credential-entra-engine beside it.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class FrontAndEngineTests
{
    private const string OtherHost = "protocol=https\nhost=example.com\npath=team/repo.git\n\n";
    private const string AzureDevOps = "protocol=https\nhost=dev.azure.com\npath=contoso/demo/_git/demo\n\n";

    [OsFact(TestOs.Linux, "the Linux front and engine")]
    public void The_publish_directory_holds_the_front_and_its_engine()
    {
        Assert.True(File.Exists(Path.Combine(PublishedHelper.Directory, "git-credential-entra-engine")));
        Assert.True(new FileInfo(PublishedHelper.Path).Length * 3 < new FileInfo(Path.Combine(PublishedHelper.Directory, "git-credential-entra-engine")).Length,
            "the front is a fraction of the engine");
    }

    [OsFact(TestOs.Linux, "the Linux front and engine")]
    public void Without_its_engine_the_front_still_answers_not_ours_and_fails_the_rest_in_one_line()
    {
        using var sandbox = new GitSandbox();
        string alone = Path.Combine(sandbox.Root, "alone");
        Directory.CreateDirectory(alone);
        File.Copy(PublishedHelper.Path, Path.Combine(alone, "git-credential-entra"));
        File.SetUnixFileMode(Path.Combine(alone, "git-credential-entra"), UnixFileMode.UserRead | UnixFileMode.UserExecute);
        string front = Path.Combine(alone, "git-credential-entra");

        var other = sandbox.Run(front, OtherHost, "get");
        var store = sandbox.Run(front, AzureDevOps, "store");
        var ours = sandbox.Run(front, AzureDevOps, "get");
        var version = sandbox.Run(front, null, "--version");

        Assert.True(other.ExitCode == 0 && other.StdOut.Length == 0 && other.StdErr.Length == 0, other.ToString());
        Assert.True(store.ExitCode == 0 && store.StdOut.Length == 0, store.ToString());
        foreach (var handedOver in new[] { ours, version })
        {
            Assert.Equal(1, handedOver.ExitCode);
            Assert.Equal("", handedOver.StdOut);
            var line = Assert.Single(handedOver.StdErr.TrimEnd('\n').Split('\n'));
            Assert.StartsWith("git-credential-entra: cannot start ", line, StringComparison.Ordinal);
            Assert.Contains("git-credential-entra-engine", line, StringComparison.Ordinal);
            Assert.EndsWith("reinstall git-credential-entra", line, StringComparison.Ordinal);
        }
    }

    [OsFact(TestOs.Linux, "the Linux front and engine")]
    public void A_hand_over_passes_git_s_request_on_byte_for_byte()
    {
        using var sandbox = new GitSandbox();
        sandbox.Environment["GIT_ENTRA_TRACE"] = "1";
        // A malformed request the front cannot parse: the engine must see the same bytes and say why.
        var result = sandbox.Helper("protocol=https\nhost=dev.azure.com\nhost=again\n\n", "get");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("front: handing over to ", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("git-credential-entra: invalid credential input from git:", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("repeats 'host'", result.StdErr, StringComparison.Ordinal);
    }
}
