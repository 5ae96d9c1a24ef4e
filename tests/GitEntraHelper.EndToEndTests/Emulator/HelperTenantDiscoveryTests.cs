using GitEntraHelper.EndToEndTests.Infrastructure;

namespace GitEntraHelper.EndToEndTests.Emulator;

/// <summary>
/// The published helper against each recorded challenge shape (/challenge-shape) and the
/// Microsoft-account organization: which tenant it resolves, from git's wwwauth[] (git ≥ 2.41) or
/// from its own probe, over HTTP/2 as over HTTP/1.1. No way to get a token is configured here; only
/// the tenant the trace records matters.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class HelperTenantDiscoveryTests(EmulatorFixture emulator)
{
    [OsTheory(TestOs.All)]
    [InlineData("standard")]
    [InlineData("quoted")]
    [InlineData("one-header")]
    public async Task Git_passes_the_challenge_and_the_helper_needs_no_probe(string shape)
    {
        using var sandbox = Sandbox(GitKind.New);

        var trace = await WithShapeAsync(shape, sandbox, () => sandbox.Git("ls-remote", emulator.RepositoryUrl()));

        Assert.Contains($"tenant {emulator.TenantId} (Challenge)", trace, StringComparison.Ordinal);
        Assert.DoesNotContain("tenant probe", trace, StringComparison.Ordinal);
    }

    [OsTheory(TestOs.All)]
    [InlineData("quoted")]
    [InlineData("one-header")]
    public async Task The_probe_reads_the_tenant_from_each_shape(string shape)
    {
        using var sandbox = Sandbox(GitKind.System);

        var trace = await WithShapeAsync(shape, sandbox, () => sandbox.GitWithInput($"url={emulator.RepositoryUrl()}\n\n", "credential", "fill"));

        Assert.Contains($"tenant {emulator.TenantId} (Probe)", trace, StringComparison.Ordinal);
    }

    [OsTheory(TestOs.All)]
    [InlineData(GitKind.System)]
    [InlineData(GitKind.New)]
    public async Task A_resource_tenant_list_with_the_zero_guid_first_resolves_the_real_tenant(GitKind git)
    {
        using var sandbox = Sandbox(git);

        var trace = await WithShapeAsync("resource-tenant-list", sandbox, () => sandbox.GitWithInput($"url={emulator.RepositoryUrl()}\n\n", "credential", "fill"));

        Assert.Contains($"tenant {emulator.TenantId} (Probe)", trace, StringComparison.Ordinal);
        Assert.DoesNotContain("tenant organizations", trace, StringComparison.Ordinal);
    }

    [OsFact(TestOs.All)]
    public void The_microsoft_account_organization_resolves_to_organizations()
    {
        using var sandbox = Sandbox(GitKind.New);

        sandbox.Git("ls-remote", emulator.RepositoryUrl(emulator.MsaOrganization));

        var trace = File.ReadAllText(TraceFile(sandbox));
        Assert.Contains("tenant organizations (Probe)", trace, StringComparison.Ordinal); // bare Bearer: git's wwwauth[] names none
    }

    [OsTheory(TestOs.All)]
    [InlineData("HTTP/2", "www-authenticate: Bearer authorization_uri=")]
    [InlineData("HTTP/1.1", "WWW-Authenticate: Bearer authorization_uri=")]
    public void Header_names_in_either_case_give_the_same_tenant(string httpVersion, string recordedHeader)
    {
        using var sandbox = Sandbox(GitKind.New);
        sandbox.Environment["GIT_TRACE_CURL"] = Path.Combine(sandbox.Root, "curl.log");
        sandbox.Environment["GIT_TRACE_CURL_NO_DATA"] = "1";

        sandbox.Git("-c", "http.version=" + httpVersion, "ls-remote", emulator.RepositoryUrl());

        var curl = File.ReadAllText(Path.Combine(sandbox.Root, "curl.log"));
        Assert.Contains("<= Recv header: " + recordedHeader, curl, StringComparison.Ordinal);
        Assert.Contains($"tenant {emulator.TenantId} (Challenge)", File.ReadAllText(TraceFile(sandbox)), StringComparison.Ordinal);
    }

    /// <summary>Runs git with the shape switched on (then restored); returns the helper's trace.</summary>
    private async Task<string> WithShapeAsync(string shape, GitSandbox sandbox, Func<ProcessResult> run)
    {
        await emulator.AdminAsync("/challenge-shape?shape=" + shape);
        try
        {
            run();
        }
        finally
        {
            await emulator.AdminAsync("/challenge-shape?shape=standard");
        }

        return File.ReadAllText(TraceFile(sandbox));
    }

    private GitSandbox Sandbox(GitKind git)
    {
        var sandbox = new GitSandbox(git);
        sandbox.UseHelper();
        sandbox.SetConfig($"credential.{emulator.DevOpsUrl}.provider", "azure-devops");
        sandbox.SetConfig($"credential.{emulator.DevOpsUrl}.useHttpPath", "true");
        sandbox.Environment["GIT_SSL_CAINFO"] = emulator.CaFile;
        sandbox.Environment["SSL_CERT_FILE"] = emulator.CaFile; // .NET trusts the test CA for this run only
        sandbox.Environment["AZURE_AUTHORITY_HOST"] = emulator.AuthorityHost;
        sandbox.Environment["CI"] = "true";
        sandbox.Environment["GIT_ENTRA_TRACE"] = TraceFile(sandbox);
        return sandbox;
    }

    private static string TraceFile(GitSandbox sandbox) => Path.Combine(sandbox.Root, "trace.log");
}
