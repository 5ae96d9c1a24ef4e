using GitEntraHelper.EndToEndTests.Infrastructure;

namespace GitEntraHelper.EndToEndTests.Workload;

/// <summary>
/// A CI job clones and pushes with each machine identity: real git, the published native helper, the
/// emulator's Entra ID / managed identity endpoint / OIDC issuers / Azure DevOps, no human, no prompt.
/// </summary>
[Collection(WorkloadCollection.Name)]
public sealed class WorkloadGitTests(WorkloadEmulator emulator, SecretStoreFixture keyring)
{
    [OsTheory(TestOs.All)]
    [InlineData("managed-identity-system")]
    [InlineData("managed-identity-user-client-id")]
    [InlineData("managed-identity-user-resource-id")]
    [InlineData("service-principal-secret")]
    [InlineData("service-principal-gcm-keys")]
    [InlineData("service-principal-pem")]
    [InlineData("service-principal-pfx")]
    [InlineData("federated-token-file")]
    [InlineData("github-actions")]
    [InlineData("azure-pipelines")]
    [InlineData("gcm-wif-generic-file")]
    [InlineData("gcm-wif-github-actions")]
    public void Clone_and_push_with(string identity)
    {
        using var sandbox = WorkloadSandbox.Create(emulator, keyring.Store, identity);

        var pushed = WorkloadSandbox.CloneCommitPush(sandbox, emulator, identity);

        Assert.Equal(pushed, WorkloadSandbox.ServerBranch(emulator, identity));
        foreach (var secret in WorkloadSandbox.Secrets(emulator))
        {
            Assert.Empty(sandbox.FilesContaining(secret));
        }
    }

    [OsFact(TestOs.All)]
    public void A_headless_agent_without_a_keyring_still_works_and_diagnose_says_how_to_cache()
    {
        // No Secret Service, and a container that refuses kernel keyrings (else the cache would live there).
        using var sandbox = WorkloadSandbox.Create(emulator, keyring: null, "service-principal-secret");
        if (OperatingSystem.IsLinux())
        {
            sandbox.Launcher = [TestPlatform.NoKeyringLauncher];
        }

        var pushed = WorkloadSandbox.CloneCommitPush(sandbox, emulator, "no-keyring");
        var diagnose = sandbox.Git("credential-entra", "diagnose", emulator.RepositoryUrl());

        Assert.Equal(pushed, WorkloadSandbox.ServerBranch(emulator, "no-keyring"));
        Assert.Equal(1, diagnose.ExitCode);
        var fail = Assert.Single(diagnose.StdOutLines, l => l.StartsWith("FAIL", StringComparison.Ordinal));
        Assert.StartsWith("FAIL  token cache", fail);
        Assert.Contains("GIT_ENTRA_CACHE_PROTECTION=plaintext", fail);
        Assert.Contains("ok    access", diagnose.StdOut);
    }

    [OsFact(TestOs.All)]
    public void New_git_gets_a_bearer_token_from_a_workload_identity()
    {
        using var sandbox = WorkloadSandbox.Create(emulator, keyring.Store, "federated-token-file", GitKind.New);

        var pushed = WorkloadSandbox.CloneCommitPush(sandbox, emulator, "bearer-federated");

        Assert.Equal(pushed, WorkloadSandbox.ServerBranch(emulator, "bearer-federated"));
    }

    [OsTheory(TestOs.All)]
    [InlineData("service-principal-secret", "clientCredentialsGrants")]
    [InlineData("managed-identity-system", "managedIdentityGrants")]
    [InlineData("azure-pipelines", "clientCredentialsGrants")]
    [InlineData("github-actions", "clientCredentialsGrants")]
    [InlineData("federated-token-file", "clientCredentialsGrants")]
    public async Task Twenty_git_operations_make_one_token_grant(string identity, string counter)
    {
        // A keyring of its own: the job starts with an empty token cache, as on a fresh agent.
        using var ownKeyring = TestPlatform.StartSecretStore();
        using var sandbox = WorkloadSandbox.Create(emulator, ownKeyring, identity);
        await emulator.AdminAsync("/reset-stats");

        sandbox.Git("clone", "-q", emulator.RepositoryUrl(), "job").EnsureSuccess();
        var operations = 1;
        var work = Path.Combine(sandbox.WorkDirectory, "job");
        var branch = "ci-" + identity;
        for (var i = 0; operations < 20; i++, operations++)
        {
            switch (i % 3)
            {
                case 0:
                    File.WriteAllText(Path.Combine(work, "build.txt"), $"build {i}\n");
                    WorkloadSandbox.Git(sandbox, work, "add", "build.txt").EnsureSuccess();
                    WorkloadSandbox.Git(sandbox, work, "commit", "-qm", $"build {i}").EnsureSuccess();
                    WorkloadSandbox.Git(sandbox, work, "push", "-q", "origin", "HEAD:refs/heads/" + branch).EnsureSuccess();
                    break;
                case 1:
                    WorkloadSandbox.Git(sandbox, work, "fetch", "-q", "origin").EnsureSuccess();
                    break;
                default:
                    WorkloadSandbox.Git(sandbox, work, "ls-remote", "origin").EnsureSuccess();
                    break;
            }
        }

        Assert.Equal(20, operations);
        Assert.Equal(1, await emulator.StatAsync(counter));
        Assert.Equal(1, await emulator.StatAsync("tokenRequests"));
        Assert.Equal(0, await emulator.StatAsync("failedTokenRequests"));
        Assert.NotNull(WorkloadSandbox.ServerBranch(emulator, branch));
    }
}
