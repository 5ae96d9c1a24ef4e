using System.Net;
using GitEntraHelper.Diagnostics;
using GitEntraHelper.Identity.Workload;
using static GitEntraHelper.Tests.Identity.Workload.WorkloadTestData;

namespace GitEntraHelper.Tests.Identity.Workload;

public sealed class FederatedTokenSourceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("workload-tests-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Token_file_is_read_again_on_every_grant()
    {
        var file = Path.Combine(_dir, "token");
        var first = FakeHttp.Jwt("https://k8s.example/issuer", "system:serviceaccount:ci:builder");
        var rotated = FakeHttp.Jwt("https://k8s.example/issuer", "system:serviceaccount:ci:builder-rotated");
        var http = new FakeHttp(r => FakeHttp.Token("at"));
        var source = new FederatedTokenFileTokenSource(Environment(http), ClientId, Tenant, file);

        await File.WriteAllTextAsync(file, first + "\n");
        await source.GetTokenAsync(Request(), CancellationToken.None);
        await File.WriteAllTextAsync(file, rotated);
        await source.GetTokenAsync(Request(refused: "at"), CancellationToken.None);

        var assertions = http.TokenRequests.Select(r => r.Form()).ToList();
        Assert.Equal(2, assertions.Count);
        Assert.Equal("urn:ietf:params:oauth:client-assertion-type:jwt-bearer", assertions[0]["client_assertion_type"]);
        Assert.Equal(first, assertions[0]["client_assertion"]);
        Assert.Equal(rotated, assertions[1]["client_assertion"]);
    }

    [Fact]
    public async Task A_cached_token_needs_no_token_file()
    {
        var file = Path.Combine(_dir, "token");
        await File.WriteAllTextAsync(file, FakeHttp.Jwt("i", "s"));
        var http = new FakeHttp(r => FakeHttp.Token("at"));
        var source = new FederatedTokenFileTokenSource(Environment(http), ClientId, Tenant, file);
        await source.GetTokenAsync(Request(), CancellationToken.None);

        File.Delete(file);
        var again = await source.GetTokenAsync(Request(), CancellationToken.None);

        Assert.Equal("at", again.Token.Reveal());
    }

    [Fact]
    public async Task Missing_or_empty_token_file_is_one_clear_line()
    {
        var http = new FakeHttp(r => FakeHttp.Token("at"));
        var missing = new FederatedTokenFileTokenSource(Environment(http), ClientId, Tenant, Path.Combine(_dir, "nope"));
        var e1 = await Assert.ThrowsAsync<HelperException>(() => missing.GetTokenAsync(Request(), CancellationToken.None));
        Assert.Contains("AZURE_FEDERATED_TOKEN_FILE", e1.Message);

        var empty = Path.Combine(_dir, "empty");
        await File.WriteAllTextAsync(empty, "  \n");
        var e2 = await Assert.ThrowsAsync<HelperException>(() => new FederatedTokenFileTokenSource(Environment(http), ClientId, Tenant, empty).GetTokenAsync(Request(), CancellationToken.None));
        Assert.Contains("empty", e2.Message);
        Assert.Empty(http.TokenRequests);
    }

    [Fact]
    public async Task A_missing_token_file_is_reported_even_when_the_cache_is_unusable()
    {
        var http = new FakeHttp(r => FakeHttp.Token("at"));
        var persistence = new InMemoryPersistence { Unavailable = "cannot read the token cache" };
        var source = new FederatedTokenFileTokenSource(Environment(http, persistence), ClientId, Tenant, Path.Combine(_dir, "nope"));

        var e = await Assert.ThrowsAsync<HelperException>(() => source.GetTokenAsync(Request(), CancellationToken.None));

        Assert.Contains("AZURE_FEDERATED_TOKEN_FILE", e.Message);
    }

    [Theory]
    [InlineData(70021)]
    [InlineData(700213)]
    public async Task Federation_mismatch_names_the_issuer_and_subject_the_assertion_carried(int code)
    {
        var file = Path.Combine(_dir, "token");
        var jwt = FakeHttp.Jwt("https://token.actions.githubusercontent.com", "repo:contoso/app:ref:refs/heads/main");
        await File.WriteAllTextAsync(file, jwt);
        var http = new FakeHttp(r => FakeHttp.AadError("invalid_request", code, "No matching federated identity record found for presented assertion."));
        var source = new FederatedTokenFileTokenSource(Environment(http), ClientId, Tenant, file);

        var e = await Assert.ThrowsAsync<HelperException>(() => source.GetTokenAsync(Request(), CancellationToken.None));

        Assert.Contains($"AADSTS{code}", e.Message);
        Assert.Contains("issuer 'https://token.actions.githubusercontent.com'", e.Message);
        Assert.Contains("subject 'repo:contoso/app:ref:refs/heads/main'", e.Message);
        Assert.DoesNotContain(jwt, e.Message);
    }

    [Fact]
    public async Task GitHub_Actions_asks_for_the_AzureADTokenExchange_audience_with_the_job_token()
    {
        var oidc = FakeHttp.Jwt("https://token.actions.githubusercontent.com", "repo:contoso/app:ref:refs/heads/main");
        var http = new FakeHttp(r => r.Uri.Host == "actions.example.test"
            ? FakeHttp.Json($$"""{"count":1,"value":"{{oidc}}"}""")
            : FakeHttp.Token("at-gh"));
        var source = new GitHubActionsTokenSource(Environment(http), ClientId, Tenant,
            "https://actions.example.test/_apis/token?api-version=2.0", new Secret("job-request-token"));

        var result = await source.GetTokenAsync(Request(), CancellationToken.None);

        Assert.Equal("at-gh", result.Token.Reveal());
        var oidcCall = Assert.Single(http.Requests, r => r.Uri.Host == "actions.example.test");
        Assert.Equal(HttpMethod.Get, oidcCall.Method);
        Assert.Equal("?api-version=2.0&audience=api%3A%2F%2FAzureADTokenExchange", oidcCall.Uri.Query);
        Assert.Equal("Bearer job-request-token", oidcCall.Headers["Authorization"]);
        Assert.Equal(oidc, Assert.Single(http.TokenRequests).Form()["client_assertion"]);
    }

    [Fact]
    public async Task GitHub_Actions_refusal_says_to_grant_id_token_write()
    {
        var http = new FakeHttp(r => FakeHttp.Json("""{"message":"no"}""", HttpStatusCode.Forbidden));
        var source = new GitHubActionsTokenSource(Environment(http), ClientId, Tenant, "https://actions.example.test/_apis/token", new Secret("t"));

        var e = await Assert.ThrowsAsync<HelperException>(() => source.GetTokenAsync(Request(), CancellationToken.None));

        Assert.Contains("HTTP 403", e.Message);
        Assert.Contains("id-token: write", e.Message);
        Assert.Equal("?audience=api%3A%2F%2FAzureADTokenExchange", Assert.Single(http.Requests).Uri.Query);
    }

    [Fact]
    public async Task Azure_Pipelines_posts_to_the_oidc_uri_with_the_service_connection_and_system_token()
    {
        var oidc = FakeHttp.Jwt("https://vstoken.dev.azure.com/org-id", "sc://contoso/demo/my-connection");
        var http = new FakeHttp(r => r.Uri.Host == "pipelines.example.test"
            ? FakeHttp.Json($$"""{"oidcToken":"{{oidc}}"}""")
            : FakeHttp.Token("at-pipelines"));
        var source = new AzurePipelinesTokenSource(Environment(http), ClientId, Tenant,
            "https://pipelines.example.test/contoso/proj-id/_apis/distributedtask/hubs/build/plans/p/jobs/j/oidctoken",
            new Secret("system-access-token"), "0d8e5b5a-0000-4000-8000-000000000001");

        var result = await source.GetTokenAsync(Request(), CancellationToken.None);

        Assert.Equal("at-pipelines", result.Token.Reveal());
        Assert.Contains("0d8e5b5a-0000-4000-8000-000000000001", result.Identity);
        var call = Assert.Single(http.Requests, r => r.Uri.Host == "pipelines.example.test");
        Assert.Equal(HttpMethod.Post, call.Method);
        Assert.Equal("?api-version=7.1&serviceConnectionId=0d8e5b5a-0000-4000-8000-000000000001", call.Uri.Query);
        Assert.Equal("Bearer system-access-token", call.Headers["Authorization"]);
        Assert.Equal(oidc, Assert.Single(http.TokenRequests).Form()["client_assertion"]);
    }

    [Fact]
    public async Task Azure_Pipelines_answer_without_a_token_is_one_clear_line()
    {
        var http = new FakeHttp(r => FakeHttp.Json("""{"somethingElse":1}"""));
        var source = new AzurePipelinesTokenSource(Environment(http), ClientId, Tenant, "https://pipelines.example.test/x", new Secret("t"), "sc");

        var e = await Assert.ThrowsAsync<HelperException>(() => source.GetTokenAsync(Request(), CancellationToken.None));

        Assert.Contains("oidcToken", e.Message);
        Assert.Contains("SYSTEM_ACCESSTOKEN", e.Message);
    }
}
