using System.Net;
using GitEntraHelper.EndToEndTests.Infrastructure;

namespace GitEntraHelper.EndToEndTests.Emulator;

/// <summary>Anonymous requests get Azure DevOps' real 401 challenge; git shows the TF message.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class DevOpsChallengeTests(EmulatorFixture emulator)
{
    [Fact]
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

    [Fact]
    public async Task Organization_probe_without_credentials_reveals_the_tenant()
    {
        using var client = emulator.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Head, emulator.DevOpsUrl + "/fabrikam");
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(emulator.TenantId, Assert.Single(response.Headers.GetValues("X-VSS-ResourceTenant")));
    }

    [Fact]
    public async Task Git_with_a_password_that_is_not_a_token_is_refused_with_the_azure_devops_message()
    {
        using var git = new GitProcess(emulator);
        var url = emulator.RepositoryUrl().Replace("https://", "https://someone:not-a-token@", StringComparison.Ordinal);
        var result = await git.RunAsync(null, "-c", "credential.helper=", "ls-remote", url);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("remote: VS30063: You are not authorized to access", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("Authentication failed", result.StdErr, StringComparison.Ordinal);
    }
}
