using GitEntraHelper.EndToEndTests.Infrastructure;

namespace GitEntraHelper.EndToEndTests.Workload;

/// <summary>An emulator of its own: /expire-tokens is one-way and would spoil other tests' cached tokens.</summary>
public sealed class ExpiringEmulator : EmulatorFixture;

/// <summary>git's erase after a 401 replaces the persisted app token, so the next git command works.</summary>
public sealed class WorkloadRecoveryTests(ExpiringEmulator emulator) : IClassFixture<ExpiringEmulator>
{
    [OsFact(TestOs.All)]
    public async Task A_token_Azure_DevOps_rejects_is_never_handed_out_again()
    {
        using var ownKeyring = TestPlatform.StartSecretStore();
        using var sandbox = WorkloadSandbox.Create(emulator, ownKeyring, "service-principal-secret");
        sandbox.Git("clone", "-q", emulator.RepositoryUrl(), "job").EnsureSuccess();
        var work = Path.Combine(sandbox.WorkDirectory, "job");
        await emulator.AdminAsync("/reset-stats");
        await emulator.AdminAsync("/expire-tokens");

        var rejected = WorkloadSandbox.Git(sandbox, work, "fetch", "origin");   // 401 → git erases our token
        var next = WorkloadSandbox.Git(sandbox, work, "fetch", "origin");       // a fresh token

        Assert.NotEqual(0, rejected.ExitCode);
        next.EnsureSuccess();
        Assert.Equal(1, await emulator.StatAsync("clientCredentialsGrants"));
    }
}
