using System.Security.Cryptography;
using GitEntraHelper.EndToEndTests.Emulator;
using GitEntraHelper.EndToEndTests.Infrastructure;
using GitEntraHelper.EndToEndTests.Workload;
using LibGit2Sharp;

namespace GitEntraHelper.EndToEndTests.Lfs;

/// <summary>
/// The real git-lfs, Debian 12's 3.3 and a ≥ 3.6, against the emulator's contoso/demo: track a binary
/// file, commit, push, clone afresh and get the same bytes — first with a token in http.extraHeader
/// (the emulator alone), then through the published helper, where git-lfs 3.6 with git ≥ 2.46 offers
/// capability[]=authtype and so sends Bearer, while git-lfs 3.3 sends the token as a Basic password.
/// </summary>
[Collection(EmulatorCollection.Name)]
[SupportedOSPlatform("linux")]
public sealed class GitLfsTests(EmulatorFixture emulator)
{
    [OsTheory(TestOs.Linux, "Debian's git-lfs 3.3 and trixie's 3.6")]
    [InlineData(GitLfsKind.System)]
    [InlineData(GitLfsKind.New)]
    public async Task Git_lfs_pushes_and_a_fresh_clone_gets_the_bytes_with_a_token_in_an_extra_header(GitLfsKind lfs)
    {
        var token = (await EmulatorSignIn.AsAsync(emulator, emulator.User)).AccessToken;
        using var sandbox = EmulatorGit.Sandbox(emulator);
        sandbox.SetConfig("credential.helper", "");
        sandbox.SetConfig("http.extraHeader", "Authorization: Bearer " + token);

        var version = sandbox.UseGitLfs(lfs);
        Assert.True(lfs == GitLfsKind.New ? version >= GitLfs.NewMinimum : version < GitLfs.NewMinimum, $"git-lfs {version}");

        await PushAndCloneAsync(sandbox, "lfs-header-" + lfs.ToString().ToLowerInvariant());
    }

    [OsTheory(TestOs.Linux, "Debian's git-lfs 3.3 and trixie's 3.6")]
    [InlineData(GitKind.System, GitLfsKind.System, "Basic")]
    [InlineData(GitKind.New, GitLfsKind.System, "Basic")]  // the scheme follows git-lfs' capability, not git's
    [InlineData(GitKind.New, GitLfsKind.New, "Bearer")]
    public async Task Git_lfs_through_the_helper_uses_the_scheme_its_version_allows(GitKind git, GitLfsKind lfs, string scheme)
    {
        using var sandbox = WorkloadSandbox.Create(emulator, keyring: null, "service-principal-secret", git);
        sandbox.Environment["GIT_ENTRA_CACHE_PROTECTION"] = "plaintext";
        sandbox.UseGitLfs(lfs);
        long bearer = await emulator.StatAsync("lfsBearerRequests");
        long basic = await emulator.StatAsync("lfsBasicRequests");

        await PushAndCloneAsync(sandbox, $"lfs-helper-{git}-{lfs}".ToLowerInvariant());

        long bearerUsed = await emulator.StatAsync("lfsBearerRequests") - bearer;
        long basicUsed = await emulator.StatAsync("lfsBasicRequests") - basic;
        Assert.True(scheme == "Bearer" ? bearerUsed > 0 && basicUsed == 0 : basicUsed > 0 && bearerUsed == 0,
            $"git-lfs sent {bearerUsed} Bearer and {basicUsed} Basic requests; expected {scheme} only");
        foreach (var secret in WorkloadSandbox.Secrets(emulator))
        {
            Assert.Empty(sandbox.FilesContaining(secret));
        }
    }

    /// <summary>Clone, track *.bin, commit 256 KiB of random bytes, push a new branch, clone it afresh: same bytes.</summary>
    private async Task PushAndCloneAsync(GitSandbox sandbox, string branch)
    {
        long uploads = await emulator.StatAsync("lfsUploads");
        long downloads = await emulator.StatAsync("lfsDownloads");
        var work = Path.Combine(sandbox.WorkDirectory, "work");
        sandbox.Git("clone", emulator.RepositoryUrl(), work).EnsureSuccess();
        Run(sandbox, work, "lfs", "install", "--local");
        Run(sandbox, work, "lfs", "track", "*.bin");
        var content = RandomNumberGenerator.GetBytes(256 * 1024);
        await File.WriteAllBytesAsync(Path.Combine(work, "data.bin"), content);
        Run(sandbox, work, "add", ".gitattributes", "data.bin");
        Run(sandbox, work, "commit", "-m", "An LFS object on " + branch);
        var push = Run(sandbox, work, "push", "origin", "HEAD:refs/heads/" + branch);
        Assert.Equal(uploads + 1, await emulator.StatAsync("lfsUploads"));

        var oid = Convert.ToHexStringLower(SHA256.HashData(content));
        using (var bare = new Repository(emulator.BareRepositoryPath()))
        {
            var pointer = ((Blob)bare.Branches[branch].Tip["data.bin"].Target).GetContentText();
            Assert.StartsWith("version https://git-lfs.github.com/spec/v1\n", pointer, StringComparison.Ordinal);
            Assert.Contains($"oid sha256:{oid}\n", pointer, StringComparison.Ordinal);
            Assert.Contains($"size {content.Length}\n", pointer, StringComparison.Ordinal);
        }

        Assert.True(File.Exists(Path.Combine(emulator.BareRepositoryPath(), "lfs", "objects", oid[..2], oid[2..4], oid)), push.ToString());

        var fresh = Path.Combine(sandbox.WorkDirectory, "fresh");
        sandbox.Git("clone", "--branch", branch, emulator.RepositoryUrl(), fresh).EnsureSuccess();
        Assert.Equal(content, await File.ReadAllBytesAsync(Path.Combine(fresh, "data.bin")));
        Assert.Contains("data.bin", Run(sandbox, fresh, "lfs", "ls-files").StdOut, StringComparison.Ordinal);
        Assert.Equal(downloads + 1, await emulator.StatAsync("lfsDownloads"));
    }

    private static ProcessResult Run(GitSandbox sandbox, string directory, params string[] arguments) =>
        sandbox.GitAsync(arguments, workingDirectory: directory).GetAwaiter().GetResult().EnsureSuccess();
}
