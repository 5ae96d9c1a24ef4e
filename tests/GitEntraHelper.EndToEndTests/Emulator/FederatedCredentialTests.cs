using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using GitEntraHelper.EndToEndTests.Infrastructure;
using Microsoft.Identity.Client;

namespace GitEntraHelper.EndToEndTests.Emulator;

/// <summary>
/// Workload identity federation as it runs in the wild: an assertion from a token file
/// (Kubernetes), from GitHub Actions' and from Azure Pipelines' OIDC endpoints, exchanged by the
/// real MSAL; Entra matches issuer, subject and audience to the app's federated credentials.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class FederatedCredentialTests(EmulatorFixture emulator)
{
    private const string ExchangeAudience = "api://AzureADTokenExchange";

    [OsFact(TestOs.All)]
    public async Task Federated_token_file_is_exchanged_for_a_token_git_accepts()
    {
        var assertion = await File.ReadAllTextAsync(emulator["EMULATOR_FEDERATED_TOKEN_FILE"]);
        var result = await ExchangeAsync(emulator["EMULATOR_WIF_CLIENT_ID"], assertion);

        Assert.Equal(emulator["EMULATOR_WIF_CLIENT_ID"], (string?)AuthorizationCodeSignInTests.Payload(result.AccessToken)["azp"]);
        using var git = EmulatorGit.Sandbox(emulator);
        (await git.WithBearerAsync(result.AccessToken, "ls-remote", emulator.RepositoryUrl())).EnsureSuccess();
    }

    [OsFact(TestOs.All)]
    public async Task GitHub_actions_id_token_is_exchanged()
    {
        var assertion = await GitHubIdTokenAsync(emulator["EMULATOR_GITHUB_OIDC_REQUEST_URL"]);
        var result = await ExchangeAsync(emulator["EMULATOR_GITHUB_WIF_CLIENT_ID"], assertion);

        Assert.Equal(emulator["EMULATOR_GITHUB_WIF_CLIENT_ID"], (string?)AuthorizationCodeSignInTests.Payload(result.AccessToken)["azp"]);
    }

    [OsFact(TestOs.All)]
    public async Task Azure_pipelines_oidc_token_is_exchanged()
    {
        using var client = emulator.CreateHttpClient();
        var url = $"{emulator["EMULATOR_PIPELINES_OIDC_REQUEST_URI"]}?api-version=7.1&serviceConnectionId={emulator["EMULATOR_PIPELINES_SERVICE_CONNECTION_ID"]}";
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent("{}", new MediaTypeHeaderValue("application/json")) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", emulator["EMULATOR_PIPELINES_ACCESS_TOKEN"]);
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var assertion = (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["oidcToken"]!;

        var result = await ExchangeAsync(emulator["EMULATOR_PIPELINES_WIF_CLIENT_ID"], assertion);

        Assert.Equal(emulator["EMULATOR_PIPELINES_WIF_CLIENT_ID"], (string?)AuthorizationCodeSignInTests.Payload(result.AccessToken)["azp"]);
    }

    [OsFact(TestOs.All)]
    public async Task Pipelines_endpoint_needs_the_job_access_token()
    {
        using var client = emulator.CreateHttpClient();
        var url = $"{emulator["EMULATOR_PIPELINES_OIDC_REQUEST_URI"]}?api-version=7.1&serviceConnectionId={emulator["EMULATOR_PIPELINES_SERVICE_CONNECTION_ID"]}";
        using var request = new HttpRequestMessage(HttpMethod.Post, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-job-token");
        using var response = await client.SendAsync(request);

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [OsFact(TestOs.All)]
    public async Task Assertion_whose_subject_matches_no_credential_is_AADSTS700213()
    {
        var pullRequestUrl = emulator["EMULATOR_GITHUB_OIDC_REQUEST_URL"].Replace("/github/idtoken", "/github/pull-request/idtoken", StringComparison.Ordinal);
        var assertion = await GitHubIdTokenAsync(pullRequestUrl);

        var error = await Assert.ThrowsAsync<MsalServiceException>(() => ExchangeAsync(emulator["EMULATOR_GITHUB_WIF_CLIENT_ID"], assertion));

        Assert.Contains("AADSTS700213", error.Message, StringComparison.Ordinal);
    }

    [OsFact(TestOs.All)]
    public async Task Assertion_from_an_issuer_the_app_does_not_trust_is_AADSTS70021()
    {
        var assertion = await GitHubIdTokenAsync(emulator["EMULATOR_GITHUB_OIDC_REQUEST_URL"]);

        var error = await Assert.ThrowsAsync<MsalServiceException>(() => ExchangeAsync(emulator["EMULATOR_WIF_CLIENT_ID"], assertion));

        Assert.Equal("invalid_client", error.ErrorCode);
        Assert.Contains("AADSTS70021", error.Message, StringComparison.Ordinal);
    }

    [OsFact(TestOs.All)]
    public async Task Tampered_assertion_fails_signature_validation()
    {
        var assertion = await File.ReadAllTextAsync(emulator["EMULATOR_FEDERATED_TOKEN_FILE"]);
        var parts = assertion.Trim().Split('.');
        var signature = parts[2].ToCharArray();
        signature[10] = signature[10] == 'A' ? 'B' : 'A';
        var tampered = $"{parts[0]}.{parts[1]}.{new string(signature)}";

        var error = await Assert.ThrowsAsync<MsalServiceException>(() => ExchangeAsync(emulator["EMULATOR_WIF_CLIENT_ID"], tampered));

        Assert.Contains("AADSTS700027", error.Message, StringComparison.Ordinal);
    }

    private Task<AuthenticationResult> ExchangeAsync(string clientId, string assertion) =>
        EmulatorMsal.ConfidentialClient(emulator, clientId)
            .WithClientAssertion((AssertionRequestOptions _) => Task.FromResult(assertion.Trim()))
            .Build()
            .AcquireTokenForClient(EmulatorMsal.AzureDevOpsScopes)
            .ExecuteAsync();

    /// <summary>What a GitHub Actions job does: GET $ACTIONS_ID_TOKEN_REQUEST_URL&amp;audience=... with the request token.</summary>
    private async Task<string> GitHubIdTokenAsync(string requestUrl)
    {
        using var client = emulator.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{requestUrl}&audience={Uri.EscapeDataString(ExchangeAudience)}");
        request.Headers.TryAddWithoutValidation("Authorization", "bearer " + emulator["EMULATOR_GITHUB_OIDC_REQUEST_TOKEN"]);
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["value"]!;
    }
}
