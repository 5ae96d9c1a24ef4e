using GitEntraHelper.EndToEndTests.Infrastructure;

namespace GitEntraHelper.EndToEndTests.Workload;

/// <summary>
/// Each failure of the troubleshooting table: git fails (no prompt, no hang) and shows our one line
/// with the fix. Each test has an empty token cache of its own (a valid cached token for the same app
/// would rightly be used without asking Entra).
/// </summary>
[Collection(WorkloadCollection.Name)]
public sealed class WorkloadErrorTests(WorkloadEmulator emulator) : IDisposable
{
    private readonly ISecretStore _keyring = TestPlatform.StartSecretStore();

    public void Dispose() => _keyring.Dispose();

    private ProcessResult CloneFails(GitSandbox sandbox)
    {
        var result = sandbox.Git("clone", emulator.RepositoryUrl(), "clone");
        Assert.NotEqual(0, result.ExitCode);
        return result;
    }

    private static string OneHelperLine(ProcessResult result)
    {
        var lines = WorkloadSandbox.HelperLines(result);
        return Assert.Single(lines.Distinct());
    }

    [OsFact(TestOs.All)]
    public void A_wrong_client_secret_is_AADSTS7000215()
    {
        using var sandbox = WorkloadSandbox.Create(emulator, _keyring, "service-principal-secret");
        sandbox.Environment["AZURE_CLIENT_SECRET"] = "not-the-secret";

        var line = OneHelperLine(CloneFails(sandbox));

        Assert.Contains("AADSTS7000215", line);
        Assert.Contains("AZURE_CLIENT_SECRET", line);
        Assert.DoesNotContain("not-the-secret", line);
    }

    [OsFact(TestOs.All)]
    public void An_application_the_tenant_does_not_know_is_AADSTS700016()
    {
        using var sandbox = WorkloadSandbox.Create(emulator, _keyring, "service-principal-secret");
        sandbox.Environment["AZURE_CLIENT_ID"] = "0f0f0f0f-1111-4222-8333-444444444444";

        var line = OneHelperLine(CloneFails(sandbox));

        Assert.Contains("AADSTS700016", line);
        Assert.Contains("0f0f0f0f-1111-4222-8333-444444444444", line);
    }

    [OsFact(TestOs.All)]
    public void A_federated_subject_no_credential_matches_names_the_issuer_and_subject()
    {
        using var sandbox = WorkloadSandbox.Create(emulator, _keyring, "github-actions");
        var pullRequestUrl = emulator["EMULATOR_GITHUB_OIDC_REQUEST_URL"].Replace("/github/idtoken", "/github/pull-request/idtoken", StringComparison.Ordinal);
        Assert.NotEqual(emulator["EMULATOR_GITHUB_OIDC_REQUEST_URL"], pullRequestUrl);
        sandbox.Environment["ACTIONS_ID_TOKEN_REQUEST_URL"] = pullRequestUrl;

        var line = OneHelperLine(CloneFails(sandbox));

        Assert.Matches("AADSTS(70021|700213)", line);
        var issuer = new Uri(emulator["EMULATOR_GITHUB_OIDC_REQUEST_URL"]).GetLeftPart(UriPartial.Authority) + "/github";
        Assert.Contains($"issuer '{issuer}'", line);
        Assert.Contains("subject 'repo:", line);
        Assert.Contains("pull_request", line);
        Assert.Contains("api://AzureADTokenExchange", line);
    }

    [OsFact(TestOs.All)]
    public void A_missing_federated_token_file_is_one_line()
    {
        using var sandbox = WorkloadSandbox.Create(emulator, _keyring, "federated-token-file");
        sandbox.Environment["AZURE_FEDERATED_TOKEN_FILE"] = Path.Combine(sandbox.Root, "no-such-token");

        var line = OneHelperLine(CloneFails(sandbox));

        Assert.Contains("AZURE_FEDERATED_TOKEN_FILE", line);
    }

    [OsFact(TestOs.All)]
    public async Task A_slow_authority_is_a_network_time_out_not_a_hang()
    {
        using var sandbox = WorkloadSandbox.Create(emulator, _keyring, "service-principal-pem");
        sandbox.Environment["GIT_ENTRA_NETWORK_TIMEOUT"] = "2";
        await emulator.AdminAsync("/authority-delay?ms=10000");
        try
        {
            var result = CloneFails(sandbox);

            var line = OneHelperLine(result);
            Assert.Contains("network time-out", line);
            Assert.Contains("within 2 s", line);
            Assert.True(result.Duration < TimeSpan.FromSeconds(9), $"gave up after {result.Duration}");
        }
        finally
        {
            await emulator.AdminAsync("/authority-delay?ms=0");
        }
    }

    [OsFact(TestOs.All)]
    public async Task An_unavailable_authority_says_so()
    {
        using var sandbox = WorkloadSandbox.Create(emulator, _keyring, "federated-token-file");
        await emulator.AdminAsync("/authority-fail?status=503");
        try
        {
            var line = OneHelperLine(CloneFails(sandbox));
            Assert.Contains("503", line);
        }
        finally
        {
            await emulator.AdminAsync("/authority-fail?status=0");
        }
    }

    [OsFact(TestOs.All)]
    public void An_identity_without_access_fails_in_git_and_diagnose_names_the_fix()
    {
        using var sandbox = WorkloadSandbox.Create(emulator, _keyring, "service-principal-secret");

        var clone = sandbox.Git("clone", emulator.RepositoryUrl("fabrikam"), "fabrikam");
        Assert.NotEqual(0, clone.ExitCode);
        Assert.Contains("TF400813", clone.StdErr);

        var diagnose = sandbox.Git("credential-entra", "diagnose", emulator.RepositoryUrl("fabrikam"));
        Assert.Equal(1, diagnose.ExitCode);
        var fail = Assert.Single(diagnose.StdOutLines, l => l.StartsWith("FAIL", StringComparison.Ordinal));
        Assert.Contains("no access to organization fabrikam", fail);
        Assert.Contains("Organization settings", fail);
    }

    [OsFact(TestOs.All)]
    public void An_unknown_project_is_VS800075_in_diagnose()
    {
        using var sandbox = WorkloadSandbox.Create(emulator, _keyring, "service-principal-secret");

        var diagnose = sandbox.Git("credential-entra", "diagnose", $"{emulator.DevOpsUrl}/contoso/no-such-project/_git/demo");

        Assert.Equal(1, diagnose.ExitCode);
        var fail = Assert.Single(diagnose.StdOutLines, l => l.StartsWith("FAIL", StringComparison.Ordinal));
        Assert.Contains("VS800075", fail);
    }
}
