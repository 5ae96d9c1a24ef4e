using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using GitEntraHelper.EndToEndTests.Infrastructure;
using LibGit2Sharp;

namespace GitEntraHelper.EndToEndTests.Emulator;

/// <summary>
/// Azure DevOps' decisions as the real git meets them: Bearer and Basic accepted, and refusals
/// with Azure DevOps-style messages for wrong audience, wrong tenant, no access, never signed in,
/// unknown project.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class DevOpsAccessTests(EmulatorFixture emulator)
{
    [OsFact(TestOs.All)]
    public async Task Basic_with_the_token_as_password_clones_and_pushes()
    {
        var token = (await EmulatorSignIn.AsAsync(emulator, emulator.User)).AccessToken;
        using var git = EmulatorGit.Sandbox(emulator);
        var clone = Path.Combine(git.WorkDirectory, "clone");
        (await git.GitAsync(["-c", "credential.helper=", "clone", EmulatorGit.WithBasicCredentials(emulator.RepositoryUrl(), token), clone])).EnsureSuccess();

        await File.WriteAllTextAsync(Path.Combine(clone, "basic.txt"), "basic\n");
        (await git.InAsync(clone, "add", ".")).EnsureSuccess();
        (await git.InAsync(clone, "commit", "-m", "Push over Basic")).EnsureSuccess();
        (await git.InAsync(clone, "-c", "credential.helper=", "push", "origin", "HEAD:refs/heads/basic")).EnsureSuccess();

        using var bare = new Repository(emulator.BareRepositoryPath());
        Assert.Equal("Push over Basic", bare.Branches["basic"].Tip.MessageShort);
    }

    [OsFact(TestOs.All)]
    public async Task Second_user_is_the_only_one_with_access_to_fabrikam()
    {
        var bob = (await EmulatorSignIn.AsAsync(emulator, emulator["EMULATOR_USER2"])).AccessToken;
        var alice = (await EmulatorSignIn.AsAsync(emulator, emulator.User)).AccessToken;
        using var git = EmulatorGit.Sandbox(emulator);

        (await git.WithBearerAsync(bob, "ls-remote", emulator.RepositoryUrl("fabrikam"))).EnsureSuccess();
        await AssertRefusedAsync(git, alice, emulator.RepositoryUrl("fabrikam"), $"TF400813: The user '{emulator.TenantId}\\{emulator.User}' is not authorized to access this resource.");
        await AssertRefusedAsync(git, bob, emulator.RepositoryUrl("contoso"), "TF400813:");
    }

    [OsFact(TestOs.All)]
    public async Task Token_of_another_tenant_is_refused_by_contoso()
    {
        var otherTenant = emulator["EMULATOR_OTHER_TENANT_ID"];
        var result = await EmulatorSignIn.AsAsync(emulator, emulator["EMULATOR_OTHER_TENANT_USER"], otherTenant);
        Assert.Equal(otherTenant, result.TenantId);

        using var git = EmulatorGit.Sandbox(emulator);
        var response = await AssertRefusedAsync(git, result.AccessToken, emulator.RepositoryUrl(), "TF400813:");
        Assert.Equal(emulator.TenantId, Assert.Single(response.Headers.GetValues("X-VSS-ResourceTenant")));
    }

    [OsFact(TestOs.All)]
    public async Task User_who_never_signed_in_to_any_organization_gets_TF401444()
    {
        var token = (await EmulatorSignIn.AsAsync(emulator, emulator["EMULATOR_NOACCESS_USER"])).AccessToken;
        using var git = EmulatorGit.Sandbox(emulator);
        await AssertRefusedAsync(git, token, emulator.RepositoryUrl(), "TF401444: Please sign-in at least once as");
    }

    [OsFact(TestOs.All)]
    public async Task Token_for_another_resource_is_refused()
    {
        var graph = await EmulatorSignIn.AsAsync(emulator, emulator.User, scopes: ["00000003-0000-0000-c000-000000000000/.default"]);
        Assert.Equal("00000003-0000-0000-c000-000000000000", (string?)AuthorizationCodeSignInTests.Payload(graph.AccessToken)["aud"]);

        using var git = EmulatorGit.Sandbox(emulator);
        await AssertRefusedAsync(git, graph.AccessToken, emulator.RepositoryUrl(), "VS30063: You are not authorized to access");
    }

    [OsFact(TestOs.All)]
    public async Task Unknown_project_is_VS800075_and_unknown_repository_TF401019()
    {
        var token = (await EmulatorSignIn.AsAsync(emulator, emulator.User)).AccessToken;
        using var git = EmulatorGit.Sandbox(emulator);

        var project = await git.WithBearerAsync(token, "ls-remote", $"{emulator.DevOpsUrl}/contoso/nosuchproject/_git/demo");
        Assert.Contains("remote: VS800075:", project.StdErr, StringComparison.Ordinal);
        var repository = await git.WithBearerAsync(token, "ls-remote", $"{emulator.DevOpsUrl}/contoso/demo/_git/nosuchrepo");
        Assert.Contains("remote: TF401019:", repository.StdErr, StringComparison.Ordinal);
        Assert.NotEqual(0, repository.ExitCode);
    }

    [OsFact(TestOs.All)]
    public async Task Projects_rest_api_lists_the_organization_projects()
    {
        var token = (await EmulatorSignIn.AsAsync(emulator, emulator.User)).AccessToken;
        using var client = emulator.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, emulator.DevOpsUrl + "/contoso/_apis/projects?api-version=7.1");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);

        response.EnsureSuccessStatusCode();
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(1, (int)body["count"]!);
        Assert.Equal("demo", (string?)body["value"]![0]!["name"]);
    }

    /// <summary>
    /// Refused both ways: the HTTP answer (401 + message) and real git given the token as Basic
    /// credentials, which shows Azure DevOps' message as "remote: ..." and fails authentication.
    /// </summary>
    internal async Task<HttpResponseMessage> AssertRefusedAsync(GitSandbox git, string token, string repositoryUrl, string message)
    {
        using var client = emulator.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, repositoryUrl + "/info/refs?service=git-upload-pack");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var result = await git.GitAsync(["-c", "credential.helper=", "ls-remote", EmulatorGit.WithBasicCredentials(repositoryUrl, token)]);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("remote: " + message, result.StdErr, StringComparison.Ordinal);
        Assert.Contains("Authentication failed", result.StdErr, StringComparison.Ordinal);
        return response;
    }
}
