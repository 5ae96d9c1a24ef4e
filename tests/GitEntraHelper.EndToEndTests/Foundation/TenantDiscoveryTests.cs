using GitEntraHelper.EndToEndTests.Infrastructure;

namespace GitEntraHelper.EndToEndTests.Foundation;

/// <summary>
/// Tenant discovery against the emulator's Azure DevOps (real HTTPS on 127.0.0.1, declared in git
/// config as an Azure DevOps host): the probe reads its 401 challenge once and caches the tenant, and
/// a git that passes wwwauth[] (≥ 2.41) needs no probe at all.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class TenantDiscoveryTests(EmulatorFixture emulator)
{
    [OsFact(TestOs.Unix, "the POSIX file mode of the tenant cache")]
    [UnsupportedOSPlatform("windows")]
    public void Probe_finds_the_tenant_once_then_the_cache_answers()
    {
        using var sandbox = Sandbox(GitKind.System);
        string input = $"url={emulator.RepositoryUrl()}\n\n";

        sandbox.GitWithInput(input, "credential", "fill");
        sandbox.GitWithInput(input, "credential", "fill");

        string trace = File.ReadAllText(TraceFile(sandbox));
        Assert.Contains($"tenant {emulator.TenantId} (Probe)", trace, StringComparison.Ordinal);
        Assert.Contains($"tenant {emulator.TenantId} (Cache)", trace, StringComparison.Ordinal);
        Assert.Single(trace.Split('\n'), l => l.Contains("(Probe)", StringComparison.Ordinal));
        var port = new Uri(emulator.DevOpsUrl).Port;
        string cached = Path.Combine(sandbox.CacheHome, "git-credential-entra", "tenants", $"127.0.0.1_{port}_contoso");
        Assert.Equal(emulator.TenantId + "\n", File.ReadAllText(cached));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(cached));
    }

    [OsFact(TestOs.All)]
    public void Git_fetch_passes_the_challenge_and_no_probe_is_needed()
    {
        using var sandbox = Sandbox(GitKind.New);
        sandbox.SetConfig("http.sslCAInfo", emulator.CaFile);

        var result = sandbox.Git("ls-remote", emulator.RepositoryUrl());

        Assert.NotEqual(0, result.ExitCode); // no way to get a token is configured in this sandbox
        Assert.Single(FoundationSandbox.HelperLines(result));
        string trace = File.ReadAllText(TraceFile(sandbox));
        Assert.Contains("wwwauth=", trace, StringComparison.Ordinal);
        Assert.Contains($"tenant {emulator.TenantId} (Challenge)", trace, StringComparison.Ordinal);
        Assert.DoesNotContain("tenant probe", trace, StringComparison.Ordinal);
    }

    [OsFact(TestOs.All)]
    public void Unknown_organization_is_one_clear_line()
    {
        using var sandbox = Sandbox(GitKind.System);

        var result = sandbox.GitWithInput($"url={emulator.DevOpsUrl}/no-such-org/demo/_git/demo\n\n", "credential", "fill");

        var line = Assert.Single(FoundationSandbox.HelperLines(result));
        Assert.Contains("cannot discover the Entra tenant", line, StringComparison.Ordinal);
        Assert.Contains("not found", line, StringComparison.Ordinal);
    }

    private GitSandbox Sandbox(GitKind git)
    {
        var sandbox = new GitSandbox(git);
        sandbox.UseHelper();
        sandbox.SetConfig($"credential.{emulator.DevOpsUrl}.provider", "azure-devops");
        sandbox.SetConfig($"credential.{emulator.DevOpsUrl}.useHttpPath", "true");
        sandbox.Environment["SSL_CERT_FILE"] = emulator.CaFile; // .NET trusts the test CA for this run only
        sandbox.Environment["AZURE_AUTHORITY_HOST"] = emulator.AuthorityHost;
        sandbox.Environment["CI"] = "true";
        sandbox.Environment["GIT_ENTRA_TRACE"] = TraceFile(sandbox);
        return sandbox;
    }

    private static string TraceFile(GitSandbox sandbox) => Path.Combine(sandbox.Root, "trace.log");
}
