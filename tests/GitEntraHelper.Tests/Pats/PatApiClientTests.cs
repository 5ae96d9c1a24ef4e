using System.Net;
using System.Text;
using GitEntraHelper.AzureDevOps;
using GitEntraHelper.AzureDevOps.Pats;
using GitEntraHelper.Diagnostics;

namespace GitEntraHelper.Tests.Pats;

public sealed class PatApiClientTests
{
    private static readonly AzureDevOpsTarget Contoso = new(new Uri("https://dev.azure.com/contoso"), "contoso", "t", TenantSource.Configured);
    private static readonly Uri Endpoint = new("https://vssps.dev.azure.com/contoso/");

    [Fact]
    public async Task List_follows_continuation_tokens_until_the_empty_one()
    {
        var server = new FakeServer(request =>
        {
            string query = request.RequestUri!.Query;
            return query.Contains("continuationToken=page%2B2", StringComparison.Ordinal)
                ? Json("""{"continuationToken":"","patTokens":[{"authorizationId":"22222222-2222-2222-2222-222222222222","displayName":"second","scope":"vso.code","validFrom":"2026-01-01T00:00:00Z","validTo":"2026-02-01T00:00:00.5233333Z","token":null}]}""")
                : Json("""{"continuationToken":"page+2","patTokens":[{"authorizationId":"11111111-1111-1111-1111-111111111111","displayName":"first","scope":"app_token","validFrom":"2026-01-01T00:00:00Z","validTo":"2027-01-01T00:00:00Z","token":null}]}""");
        });

        var tokens = await Client(server).ListAsync(CancellationToken.None);

        Assert.Equal(["first", "second"], tokens.Select(t => t.DisplayName));
        Assert.True(tokens[0].IsFullAccess && tokens[0].IsLongLived);
        Assert.False(tokens[1].IsFullAccess || tokens[1].IsLongLived);
        Assert.Equal(2, server.Requests.Count);
        Assert.All(server.Requests, r =>
        {
            Assert.Equal("Bearer", r.Headers.Authorization!.Scheme);
            Assert.Equal("eyJ.a.b", r.Headers.Authorization.Parameter);
            Assert.StartsWith("https://vssps.dev.azure.com/contoso/_apis/tokens/pats?api-version=7.1-preview.1", r.RequestUri!.AbsoluteUri, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Revoke_deletes_by_authorization_id_and_reports_an_unknown_one()
    {
        var server = new FakeServer(request => request.RequestUri!.Query.Contains("11111111", StringComparison.Ordinal)
            ? new HttpResponseMessage(HttpStatusCode.OK)
            : Json("""{"patToken":null,"patTokenError":"authorizationNotFound"}""", HttpStatusCode.NotFound));

        Assert.True(await Client(server).RevokeAsync(Guid.Parse("11111111-1111-1111-1111-111111111111"), CancellationToken.None));
        Assert.False(await Client(server).RevokeAsync(Guid.Parse("33333333-3333-3333-3333-333333333333"), CancellationToken.None));
        Assert.All(server.Requests, r => Assert.Equal(HttpMethod.Delete, r.Method));
        Assert.Contains("authorizationId=11111111-1111-1111-1111-111111111111", server.Requests[0].RequestUri!.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refusal_is_one_line_with_the_code()
    {
        var server = new FakeServer(_ => Json("""{"message":"VS403463: The conditional access policy defined by your Azure Active Directory administrator has failed."}""", HttpStatusCode.Forbidden));
        var e = await Assert.ThrowsAsync<HelperException>(() => Client(server).ListAsync(CancellationToken.None));
        Assert.Contains("VS403463", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("eyJ.a.b", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_whose_pages_never_end_is_stopped()
    {
        var server = new FakeServer(_ => Json("""{"continuationToken":"again","patTokens":[]}"""));
        var e = await Assert.ThrowsAsync<HelperException>(() => Client(server).ListAsync(CancellationToken.None));
        Assert.Contains("stopped", e.Message, StringComparison.Ordinal);
    }

    private static PatApiClient Client(FakeServer server) =>
        new(new HttpClient(server), Endpoint, new Secret("eyJ.a.b"), Contoso, "user alice@contoso.com", HelperTrace.Disabled);

    private static HttpResponseMessage Json(string body, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private sealed class FakeServer(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        public List<HttpRequestMessage> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            return Task.FromResult(answer(request));
        }
    }
}
