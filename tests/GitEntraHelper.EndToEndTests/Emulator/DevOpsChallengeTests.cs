using System.Net;
using GitEntraHelper.EndToEndTests.Infrastructure;

namespace GitEntraHelper.EndToEndTests.Emulator;

/// <summary>Anonymous requests get Azure DevOps' real 401 challenge; git shows the TF message.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class DevOpsChallengeTests(EmulatorFixture emulator)
{
    [OsFact(TestOs.All)]
    public async Task Anonymous_request_gets_bearer_and_basic_challenges_with_the_resource_tenant()
    {
        using var client = emulator.CreateHttpClient();
        using var response = await client.GetAsync(emulator.RepositoryUrl() + "/info/refs?service=git-upload-pack");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenges = response.Headers.WwwAuthenticate.Select(h => h.ToString()).ToList();
        Assert.Contains($"Bearer authorization_uri={emulator.AuthorityHost}{emulator.TenantId}", challenges);
        Assert.Contains($"Basic realm=\"{emulator.DevOpsUrl}/\"", challenges);
        Assert.Equal(emulator.TenantId, Assert.Single(response.Headers.GetValues("X-VSS-ResourceTenant")));
        Assert.StartsWith("TF400813:", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [OsFact(TestOs.All)]
    public async Task Organization_probe_without_credentials_reveals_the_tenant()
    {
        using var client = emulator.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Head, emulator.DevOpsUrl + "/fabrikam");
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(emulator.TenantId, Assert.Single(response.Headers.GetValues("X-VSS-ResourceTenant")));
    }

    [OsFact(TestOs.All)]
    public async Task Unknown_organization_is_not_found_and_names_no_tenant()
    {
        using var client = emulator.CreateHttpClient();
        using var response = await client.GetAsync(emulator.DevOpsUrl + "/nosuchorg/demo/_git/demo/info/refs?service=git-upload-pack");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.False(response.Headers.Contains("X-VSS-ResourceTenant"));
    }

    [OsFact(TestOs.All)]
    public async Task Git_without_credentials_cannot_clone()
    {
        using var git = EmulatorGit.Sandbox(emulator);
        var result = await git.GitAsync(["-c", "credential.helper=", "ls-remote", emulator.RepositoryUrl()]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("could not read Username", result.StdErr, StringComparison.Ordinal);
    }

    [OsFact(TestOs.All)]
    public async Task Git_with_a_password_that_is_not_a_token_is_refused_with_the_azure_devops_message()
    {
        using var git = EmulatorGit.Sandbox(emulator);
        var result = await git.GitAsync(["-c", "credential.helper=", "ls-remote", EmulatorGit.WithBasicCredentials(emulator.RepositoryUrl(), "not-a-token")]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("remote: VS30063: You are not authorized to access", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("Authentication failed", result.StdErr, StringComparison.Ordinal);
    }
}
