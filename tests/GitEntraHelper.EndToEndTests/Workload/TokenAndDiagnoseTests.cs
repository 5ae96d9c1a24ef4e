using GitEntraHelper.EndToEndTests.Infrastructure;

namespace GitEntraHelper.EndToEndTests.Workload;

/// <summary>`git credential-entra token` for REST calls and `diagnose`, with a workload identity.</summary>
[Collection(WorkloadCollection.Name)]
public sealed class TokenAndDiagnoseTests(WorkloadEmulator emulator, SecretStoreFixture keyring)
{
    [OsFact(TestOs.All)]
    public void Token_header_feeds_curl_for_a_REST_call()
    {
        using var sandbox = WorkloadSandbox.Create(emulator, keyring.Store, "service-principal-secret");

        var result = sandbox.Run("sh", null, "-c",
            $"git credential-entra token --url '{emulator.DevOpsUrl}/contoso' --format header | curl -sS --fail --cacert '{emulator.CaFile}' -H @- '{emulator.DevOpsUrl}/contoso/_apis/projects'");

        result.EnsureSuccess();
        Assert.Contains("\"demo\"", result.StdOut);
    }

    [OsFact(TestOs.All)]
    public void Token_formats_and_no_token_in_stderr_or_trace()
    {
        using var sandbox = WorkloadSandbox.Create(emulator, keyring.Store, "managed-identity-system");
        sandbox.Environment["GIT_ENTRA_TRACE"] = "1";

        var raw = sandbox.Git("credential-entra", "token", "--url", emulator.DevOpsUrl + "/contoso").EnsureSuccess();
        var token = raw.StdOut.Trim();
        var json = sandbox.Git("credential-entra", "token", "--url", emulator.DevOpsUrl + "/contoso", "--format", "json").EnsureSuccess();

        Assert.Equal(3, token.Split('.').Length); // a JWT
        Assert.Contains($"\"accessToken\": \"{token}\"", json.StdOut);
        Assert.Contains("managed identity (system-assigned)", json.StdOut);
        Assert.Contains("token ***", raw.StdErr); // traced, redacted
        Assert.DoesNotContain(token, raw.StdErr);
        Assert.DoesNotContain(token, json.StdErr);
    }

    [OsFact(TestOs.All)]
    public void Token_without_an_organization_or_for_another_host_is_one_line()
    {
        using var sandbox = WorkloadSandbox.Create(emulator, keyring.Store, "service-principal-secret");

        var none = sandbox.Git("credential-entra", "token");
        var other = sandbox.Git("credential-entra", "token", "--url", "https://example.com/x");

        Assert.Equal(2, none.ExitCode);
        Assert.Contains("--org ORG or --url URL", none.StdErr);
        Assert.Equal(1, other.ExitCode);
        Assert.Contains("not an Azure DevOps URL", other.StdErr);
        Assert.Empty(none.StdOut + other.StdOut);
    }

    [OsTheory(TestOs.All)]
    [InlineData("service-principal-secret", "AZURE_CLIENT_ID and AZURE_CLIENT_SECRET are set")]
    [InlineData("azure-pipelines", "SYSTEM_OIDCREQUESTURI, SYSTEM_ACCESSTOKEN and the service connection id")]
    [InlineData("managed-identity-user-client-id", "IDENTITY_ENDPOINT and IDENTITY_HEADER are set")]
    public void Diagnose_names_the_way_and_why_and_holds_no_secret(string identity, string reason)
    {
        using var sandbox = WorkloadSandbox.Create(emulator, keyring.Store, identity);
        sandbox.SetConfig("credential.azreposServicePrincipalSecret", "config-secret-value-123"); // a secret in git config too
        var token = sandbox.Git("credential-entra", "token", "--url", emulator.DevOpsUrl + "/contoso").EnsureSuccess().StdOut.Trim();

        var diagnose = sandbox.Git("credential-entra", "diagnose", emulator.RepositoryUrl());

        Assert.True(diagnose.ExitCode == 0, diagnose.ToString());
        var output = diagnose.StdOut + diagnose.StdErr;
        Assert.Contains(reason, output);
        var way = Assert.Single(diagnose.StdOutLines, l => l.StartsWith("ok    identity", StringComparison.Ordinal));
        Assert.Contains(identity.StartsWith("managed", StringComparison.Ordinal) ? "managed-identity" : identity, way);
        Assert.Contains("ok    access", output);
        Assert.Contains("protected by the operating system", output);
        if (OperatingSystem.IsLinux()) // the memory cache is the Linux kernel keyring
        {
            Assert.Contains(TestPlatform.KernelRefusesKeyrings ? "memory cache not available (the kernel refused" : "ok    memory cache kernel keyring", output);
        }

        Assert.Contains("credential.azreposServicePrincipalSecret=***", output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(token, output);
        Assert.DoesNotContain(token[..40], output);
        Assert.DoesNotContain("config-secret-value-123", output);
        foreach (var secret in WorkloadSandbox.Secrets(emulator))
        {
            Assert.DoesNotContain(secret, output);
        }
    }
}
