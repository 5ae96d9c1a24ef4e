using GitEntraHelper.EndToEndTests.Infrastructure;

namespace GitEntraHelper.EndToEndTests.Deployment;

/// <summary>
/// IT policy through a system config file: with <c>credential.entraAllowedTenants</c> naming another
/// tenant, a clone from the emulator fails with one line naming the policy, and the emulator's token
/// endpoint is never asked for a token.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class TenantPolicyTests(EmulatorFixture emulator)
{
    [OsFact(TestOs.All)]
    public async Task A_tenant_outside_the_allow_list_gets_no_token_request_at_all()
    {
        using var sandbox = new GitSandbox();
        emulator.ConfigureSandbox(sandbox);
        string system = Path.Combine(sandbox.Root, "system.gitconfig");
        File.WriteAllText(system, "[credential]\n\tentraAllowedTenants = 11111111-2222-3333-4444-555555555555\n");
        sandbox.Environment["GIT_CONFIG_NOSYSTEM"] = null;
        sandbox.Environment["GIT_CONFIG_SYSTEM"] = system;
        // A workload identity the environment proves: without the policy this would get a token.
        sandbox.Environment["AZURE_CLIENT_ID"] = emulator["EMULATOR_SP_CLIENT_ID"];
        sandbox.Environment["AZURE_TENANT_ID"] = emulator.TenantId;
        sandbox.Environment["AZURE_CLIENT_SECRET"] = emulator["EMULATOR_SP_CLIENT_SECRET"];
        sandbox.Helper(null, "configure", "--url", emulator.DevOpsUrl).EnsureSuccess();
        long before = await emulator.StatAsync("tokenRequests") + await emulator.StatAsync("failedTokenRequests");

        var clone = sandbox.Git("clone", emulator.RepositoryUrl(), "demo");

        Assert.NotEqual(0, clone.ExitCode);
        Assert.Contains("git-credential-entra: ", clone.StdErr, StringComparison.Ordinal);
        Assert.Contains("credential.entraAllowedTenants", clone.StdErr, StringComparison.Ordinal);
        Assert.Equal(before, await emulator.StatAsync("tokenRequests") + await emulator.StatAsync("failedTokenRequests"));
        Assert.False(Directory.Exists(Path.Combine(sandbox.WorkDirectory, "demo", ".git", "objects", "pack")) &&
            Directory.EnumerateFiles(Path.Combine(sandbox.WorkDirectory, "demo", ".git", "objects", "pack")).Any());
    }
}
