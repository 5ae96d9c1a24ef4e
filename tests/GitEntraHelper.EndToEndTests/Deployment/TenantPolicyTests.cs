using GitEntraHelper.EndToEndTests.Infrastructure;

namespace GitEntraHelper.EndToEndTests.Deployment;

/// <summary>
/// IT policy through git's own system config file (mounted for the test, <see cref="SystemGitConfig"/>):
/// with <c>credential.entraAllowedTenants</c> naming another tenant, every command that could reach a
/// token — a clone's get, erase, token, diagnose — fails with one line naming the policy, and the
/// emulator's token endpoint is never asked; no user, repository, command-line or environment setting
/// widens the list or drops it.
/// </summary>
[Collection(EmulatorCollection.Name)]
[SupportedOSPlatform("linux")]
public sealed class TenantPolicyTests(EmulatorFixture emulator)
{
    private const string OtherTenant = "11111111-2222-3333-4444-555555555555";

    [OsFact(TestOs.Linux, "git's system config mounted in a private mount namespace")]
    public async Task A_tenant_outside_the_allow_list_gets_no_token_request_at_all()
    {
        using var sandbox = PolicySandbox();
        long before = await AllGrantsAsync();

        var clone = sandbox.Git("clone", emulator.RepositoryUrl(), "demo");

        Assert.NotEqual(0, clone.ExitCode);
        Assert.Contains("git-credential-entra: ", clone.StdErr, StringComparison.Ordinal);
        Assert.Contains("credential.entraAllowedTenants", clone.StdErr, StringComparison.Ordinal);
        Assert.Equal(before, await AllGrantsAsync());
        Assert.False(Directory.Exists(Path.Combine(sandbox.WorkDirectory, "demo", ".git", "objects", "pack")) &&
            Directory.EnumerateFiles(Path.Combine(sandbox.WorkDirectory, "demo", ".git", "objects", "pack")).Any());
    }

    [OsFact(TestOs.Linux, "git's system config mounted in a private mount namespace")]
    public async Task Erase_token_and_diagnose_hold_the_policy_too()
    {
        using var sandbox = PolicySandbox();
        long before = await AllGrantsAsync();
        string url = emulator.RepositoryUrl();
        string path = new Uri(url).AbsolutePath.TrimStart('/');
        string host = new Uri(url).Authority;

        // erase with git's wwwauth[] naming the emulator's tenant (outside the list): before, a
        // client-credentials grant for it followed.
        var erase = sandbox.Helper(
            $"protocol=https\nhost={host}\npath={path}\nusername=entra\npassword=a-token-git-rejected\n" +
            $"wwwauth[]=Bearer authorization_uri={emulator["AZURE_AUTHORITY_HOST"]}{emulator.TenantId}\n\n", "erase");
        var token = sandbox.Helper(null, "token", "--url", url);
        var diagnose = sandbox.Helper(null, "diagnose", url);

        Assert.Equal(1, erase.ExitCode);
        Assert.Equal(1, token.ExitCode);
        Assert.Equal(1, diagnose.ExitCode);
        foreach (var refused in new[] { erase.StdErr, token.StdErr })
        {
            var line = Assert.Single(ProcessResult.MessagesOf(refused));
            Assert.StartsWith("git-credential-entra: ", line, StringComparison.Ordinal);
            Assert.Contains("credential.entraAllowedTenants", line, StringComparison.Ordinal);
            Assert.Contains(emulator.TenantId, line, StringComparison.Ordinal);
        }

        Assert.Empty(token.StdOut);
        Assert.Contains(diagnose.StdOut.Split('\n'), l => l.StartsWith("FAIL  tenant", StringComparison.Ordinal) && l.Contains("credential.entraAllowedTenants", StringComparison.Ordinal));
        Assert.DoesNotContain(diagnose.StdOut.Split('\n'), l => l.StartsWith("ok    token", StringComparison.Ordinal));
        Assert.Equal(before, await AllGrantsAsync());
    }

    [OsTheory(TestOs.Linux, "git's system config mounted in a private mount namespace")]
    [InlineData("global per-URL key")]
    [InlineData("repository config")]
    [InlineData("git -c")]
    [InlineData("GIT_CONFIG_COUNT")]
    [InlineData("GIT_CONFIG_NOSYSTEM")]
    [InlineData("GIT_CONFIG_SYSTEM")]
    public async Task Nothing_but_the_system_file_widens_or_drops_the_list(string attempt)
    {
        using var sandbox = PolicySandbox();
        string allowed = $"{OtherTenant},{emulator.TenantId}";
        string[] clone = ["clone", emulator.RepositoryUrl(), "demo"];
        switch (attempt)
        {
            case "global per-URL key":
                sandbox.SetConfig($"credential.{emulator.DevOpsUrl}/contoso.entraAllowedTenants", allowed);
                break;
            case "repository config":
                sandbox.Git("init", "-q", "demo").EnsureSuccess();
                sandbox.Git("-C", "demo", "config", "credential.entraAllowedTenants", allowed).EnsureSuccess();
                sandbox.Git("-C", "demo", "remote", "add", "origin", emulator.RepositoryUrl()).EnsureSuccess();
                clone = ["-C", "demo", "fetch", "origin"];
                break;
            case "git -c":
                clone = ["-c", $"credential.entraAllowedTenants={allowed}", .. clone];
                break;
            case "GIT_CONFIG_COUNT":
                sandbox.Environment["GIT_CONFIG_COUNT"] = "1";
                sandbox.Environment["GIT_CONFIG_KEY_0"] = "credential.entraAllowedTenants";
                sandbox.Environment["GIT_CONFIG_VALUE_0"] = allowed;
                break;
            case "GIT_CONFIG_NOSYSTEM":
                sandbox.Environment["GIT_CONFIG_NOSYSTEM"] = "1"; // the sandbox's default; said explicitly here
                break;
            case "GIT_CONFIG_SYSTEM":
                string wide = Path.Combine(sandbox.Root, "wider.gitconfig");
                File.WriteAllText(wide, $"[credential]\n\tentraAllowedTenants = {allowed}\n");
                sandbox.Environment["GIT_CONFIG_NOSYSTEM"] = null;
                sandbox.Environment["GIT_CONFIG_SYSTEM"] = wide;
                break;
        }

        long before = await AllGrantsAsync();

        var result = sandbox.Git(clone);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("credential.entraAllowedTenants (IT policy) does not allow", string.Join('\n', ProcessResult.MessagesOf(result.StdErr)), StringComparison.Ordinal);
        Assert.Equal(before, await AllGrantsAsync());
    }

    [OsFact(TestOs.Linux, "git's system config mounted in a private mount namespace")]
    public async Task A_user_list_narrows_an_unrestricted_system_and_the_system_list_allows_its_tenants()
    {
        using var allowedBySystem = PolicySandbox(allowedTenants: $"{OtherTenant}, {emulator.TenantId}");
        Assert.True(allowedBySystem.Git("clone", emulator.RepositoryUrl(), "demo").ExitCode == 0);

        using var narrowedByUser = PolicySandbox(allowedTenants: null);
        narrowedByUser.SetConfig("credential.entraAllowedTenants", OtherTenant);
        long before = await AllGrantsAsync();
        var refused = narrowedByUser.Git("clone", emulator.RepositoryUrl(), "demo");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("credential.entraAllowedTenants", refused.StdErr, StringComparison.Ordinal);
        Assert.Equal(before, await AllGrantsAsync());
    }

    /// <summary>
    /// A sandbox with a service principal the environment proves (without the policy it would get a token),
    /// the helper configured for the emulator, and a system config whose allow-list names another tenant.
    /// </summary>
    private GitSandbox PolicySandbox(string? allowedTenants = OtherTenant)
    {
        var sandbox = new GitSandbox();
        emulator.ConfigureSandbox(sandbox);
        string system = Path.Combine(sandbox.Root, "system.gitconfig");
        File.WriteAllText(system, allowedTenants is null ? string.Empty : $"[credential]\n\tentraAllowedTenants = {allowedTenants}\n");
        sandbox.SystemConfigFile = system;
        sandbox.Environment["AZURE_CLIENT_ID"] = emulator["EMULATOR_SP_CLIENT_ID"];
        sandbox.Environment["AZURE_TENANT_ID"] = emulator.TenantId;
        sandbox.Environment["AZURE_CLIENT_SECRET"] = emulator["EMULATOR_SP_CLIENT_SECRET"];
        sandbox.Helper(null, "configure", "--url", emulator.DevOpsUrl).EnsureSuccess();
        return sandbox;
    }

    private async Task<long> AllGrantsAsync() =>
        await emulator.StatAsync("tokenRequests") + await emulator.StatAsync("failedTokenRequests");
}
