using System.Security.Cryptography;
using GitEntraHelper.EndToEndTests.Emulator;
using GitEntraHelper.EndToEndTests.Infrastructure;
using GitEntraHelper.EndToEndTests.SignIn;

namespace GitEntraHelper.EndToEndTests.Pats;

/// <summary>
/// `migrate` on a machine that lives with PATs: git's store helper holding a dev.azure.com PAT, a
/// visualstudio.com PAT and a github.com entry, a repository whose remote URL carries a (live, seeded)
/// PAT for the emulator, and git-credential-cache holding one more. The dry run changes no byte; --apply
/// leaves only the github.com line, a clean remote URL and this helper configured, and the next fetch
/// goes through an Entra token. No secret is ever printed.
/// </summary>
[Collection(EmulatorCollection.Name)]
[UnsupportedOSPlatform("windows")]
public sealed class MigrateTests(EmulatorFixture emulator)
{
    private const string DevAzurePat = "devazurepat0000000000000000000000000000000000000000000000000000000000000AZDO0001";
    private const string VisualStudioPat = "vspat000000000000000000000000000000000000000000000";
    private const string GitHubLine = "https://octocat:ghp_notAzureDevOps0000000000000000000000@github.com";

    [OsFact(TestOs.Unix, "git-credential-cache (a Unix socket daemon)")]
    public async Task Dry_run_changes_nothing_and_apply_replaces_every_pat_with_this_helper()
    {
        string remotePat = (string)(await emulator.AdminJsonAsync("/seed-pats?count=1"))["patTokens"]!.AsArray()[0]!["token"]!;
        using var world = new SignInWorld(emulator, GitKind.New);
        var sandbox = world.Sandbox;
        sandbox.Git("config", "--global", "--unset-all", "credential.helper").EnsureSuccess(); // the old world: no Entra helper
        sandbox.AddConfig("credential.helper", "store");
        string credentials = Path.Combine(sandbox.Home, ".git-credentials");
        File.WriteAllText(credentials,
            $"https://alice:{DevAzurePat}@dev.azure.com/contoso\nhttps://bob%40fabrikam.com:{VisualStudioPat}@fabrikam.visualstudio.com\n{GitHubLine}\n");
        string repository = world.Directory("pat-remote");
        sandbox.Git("-c", "credential.helper=", "clone", EmulatorGit.WithBasicCredentials(emulator.RepositoryUrl(), remotePat, "carol"), repository).EnsureSuccess();
        string[] secrets = [DevAzurePat, VisualStudioPat, remotePat, "ghp_notAzureDevOps"];
        var before = Checksums(sandbox.Home, Path.Combine(repository, ".git"));

        var dryRun = (await sandbox.GitAsync(["credential-entra", "migrate"], workingDirectory: repository)).EnsureSuccess();

        Assert.Equal(before, Checksums(sandbox.Home, Path.Combine(repository, ".git")));
        Assert.Contains("dry run", dryRun.StdOut, StringComparison.Ordinal);
        Assert.Contains("dev.azure.com/contoso (organization contoso, user alice, a password or PAT) in ~/.git-credentials line 1", dryRun.StdOut, StringComparison.Ordinal);
        Assert.Contains("fabrikam.visualstudio.com (organization fabrikam, user bob@fabrikam.com, a password or PAT) in ~/.git-credentials line 2", dryRun.StdOut, StringComparison.Ordinal);
        Assert.Contains($"remote.origin.url: {new Uri(emulator.DevOpsUrl).Authority} (organization contoso, user carol); fix: git remote set-url origin {emulator.RepositoryUrl()}", dryRun.StdOut, StringComparison.Ordinal);
        Assert.Contains("https://dev.azure.com: store (~/.gitconfig)", dryRun.StdOut, StringComparison.Ordinal);
        Assert.Contains("Kept byte for byte: 1 other entry in ~/.git-credentials", dryRun.StdOut, StringComparison.Ordinal);
        AssertNoSecret(secrets, dryRun);

        long tokenRequests = await emulator.StatAsync("tokenRequests");
        var apply = (await sandbox.GitAsync(["credential-entra", "migrate", "--apply"], workingDirectory: repository)).EnsureSuccess();

        AssertNoSecret(secrets, apply);
        Assert.Equal(GitHubLine + "\n", File.ReadAllText(credentials));
        Assert.Equal(emulator.RepositoryUrl(), sandbox.Git("-C", repository, "config", "remote.origin.url").EnsureSuccess().StdOut.Trim());
        var helpers = sandbox.Git("config", "--global", "--get-all", $"credential.{emulator.DevOpsUrl}.helper").EnsureSuccess().StdOut.TrimEnd('\n').Split('\n');
        Assert.Equal(["", "entra"], helpers); // git's list reset, then this helper (found on PATH)
        Assert.Contains("To undo: git credential-entra unconfigure", apply.StdOut, StringComparison.Ordinal);
        Assert.Contains("pat list --org contoso", apply.StdOut, StringComparison.Ordinal);

        sandbox.Git("-C", repository, "fetch", "origin").EnsureSuccess();

        Assert.True(await emulator.StatAsync("tokenRequests") > tokenRequests, "the fetch after migrate took an Entra token");
        Assert.Contains("get (git-credential-entra", world.Trace, StringComparison.Ordinal);
        Assert.DoesNotContain(secrets.SelectMany(s => sandbox.FilesContaining(s)), f => !f.EndsWith(".git-credentials", StringComparison.Ordinal));
        Assert.Empty(sandbox.FilesContaining(DevAzurePat));
        Assert.Empty(sandbox.FilesContaining(remotePat));
    }

    [OsFact(TestOs.Unix, "git-credential-cache (a Unix socket daemon)")]
    public void A_pat_in_git_credential_cache_is_found_through_git_and_rejected_through_cache()
    {
        using var world = new SignInWorld(emulator, GitKind.New, interactive: false);
        var sandbox = world.Sandbox;
        string socket = Path.Combine(sandbox.RuntimeDirectory, "cache.sock");
        string cache = $"cache --socket={socket}";
        sandbox.Git("config", "--global", "--unset-all", "credential.helper").EnsureSuccess();
        sandbox.AddConfig("credential.https://dev.azure.com.helper", cache);
        try
        {
            sandbox.GitWithInput($"protocol=https\nhost=dev.azure.com\npath=contoso\nusername=dave\npassword={DevAzurePat}\n\n",
                "-c", "credential.useHttpPath=true", "credential", "approve").EnsureSuccess();

            var dryRun = sandbox.Git("credential-entra", "migrate").EnsureSuccess();

            // Asked without a path (no organization is known), the cache answers without one.
            Assert.Contains($"dev.azure.com (organization not recorded, user dave, a password or PAT) in cache (~/.gitconfig)", dryRun.StdOut, StringComparison.Ordinal);
            AssertNoSecret([DevAzurePat], dryRun);
            Assert.Contains(DevAzurePat, Fill(sandbox).StdOut, StringComparison.Ordinal); // still there after the dry run

            var apply = sandbox.Git("credential-entra", "migrate", "--apply").EnsureSuccess();

            AssertNoSecret([DevAzurePat], apply);
            Assert.Contains("through cache (git credential reject)", apply.StdOut, StringComparison.Ordinal);
            Assert.DoesNotContain(DevAzurePat, Fill(sandbox).StdOut, StringComparison.Ordinal);
        }
        finally
        {
            sandbox.Git("credential-cache", $"--socket={socket}", "exit");
        }
    }

    private static ProcessResult Fill(GitSandbox sandbox) =>
        sandbox.GitWithInput("protocol=https\nhost=dev.azure.com\npath=contoso\nusername=dave\n\n",
            "-c", "credential.helper=", "-c", $"credential.helper=cache --socket={Path.Combine(sandbox.RuntimeDirectory, "cache.sock")}",
            "-c", "credential.useHttpPath=true", "credential", "fill");

    private static void AssertNoSecret(IEnumerable<string> secrets, ProcessResult result) =>
        Assert.All(secrets, s => Assert.DoesNotContain(s, result.StdOut + result.StdErr, StringComparison.Ordinal));

    /// <summary>SHA-256 of every regular file under the folders (path → digest); sockets and FIFOs are not files.</summary>
    private static SortedDictionary<string, string> Checksums(params string[] roots)
    {
        var sums = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = true };
        foreach (string root in roots)
        {
            foreach (string file in Directory.EnumerateFiles(root, "*", options))
            {
                var info = new FileInfo(file);
                if (info.LinkTarget is null && info.Length > 0)
                {
                    sums[file] = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)));
                }
                else if (info.LinkTarget is null)
                {
                    sums[file] = "empty";
                }
            }
        }

        return sums;
    }
}
