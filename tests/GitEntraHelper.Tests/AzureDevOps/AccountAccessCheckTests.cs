using System.Net;
using GitEntraHelper.AzureDevOps;
using GitEntraHelper.Diagnostics;

namespace GitEntraHelper.Tests.AzureDevOps;

/// <summary>
/// The access check that tells "Azure DevOps refuses this account" from "it refuses this token", on the
/// answers Azure DevOps gives (recorded in tests/Emulator/README.md: TF400813 for a non-member, TF401444
/// for an account never seen, VS30063 for a token it does not take).
/// </summary>
public sealed class AccountAccessCheckTests
{
    private static readonly AzureDevOpsTarget Contoso = new(new Uri("https://dev.azure.com/contoso"), "contoso", null, TenantSource.Probe);

    [Theory]
    [InlineData(HttpStatusCode.OK, null, AccessVerdict.Accepted)]
    [InlineData(HttpStatusCode.Unauthorized, "TF400813", AccessVerdict.NotAMember)]
    [InlineData(HttpStatusCode.Forbidden, "TF400813", AccessVerdict.NotAMember)]
    [InlineData(HttpStatusCode.Unauthorized, "TF401444", AccessVerdict.NeverSignedIn)]
    [InlineData(HttpStatusCode.Unauthorized, "VS30063", AccessVerdict.TokenRefused)]
    [InlineData(HttpStatusCode.Unauthorized, null, AccessVerdict.TokenRefused)]
    [InlineData(HttpStatusCode.NonAuthoritativeInformation, null, AccessVerdict.TokenRefused)] // the sign-in page
    [InlineData(HttpStatusCode.NonAuthoritativeInformation, "TF400813", AccessVerdict.TokenRefused)]
    [InlineData(HttpStatusCode.Found, null, AccessVerdict.Unknown)]
    [InlineData(HttpStatusCode.InternalServerError, "TF400813", AccessVerdict.Unknown)]
    [InlineData(HttpStatusCode.NotFound, null, AccessVerdict.Unknown)]
    public void Each_answer_has_one_verdict(HttpStatusCode status, string? code, AccessVerdict expected) =>
        Assert.Equal(expected, AccountAccessCheck.Judge(status, code));

    [Fact]
    public async Task Asks_the_organizations_connection_data_with_the_token_and_reads_the_code_from_the_header()
    {
        var handler = new Answer(HttpStatusCode.Unauthorized, header: Uri.EscapeDataString("TF400813: The user 'x\\bob' is not authorized to access this resource."), body: "");

        AccessVerdict verdict = await new AccountAccessCheck(() => handler, HelperTrace.Disabled).CheckAsync(Contoso, new Secret("the-token"), default);

        Assert.Equal(AccessVerdict.NotAMember, verdict);
        Assert.Equal("https://dev.azure.com/contoso/_apis/connectionData", handler.Url?.ToString());
        Assert.Equal("Bearer the-token", handler.Authorization);
        Assert.Equal("Suppress", handler.FedAuthRedirect);
    }

    [Fact]
    public async Task Reads_the_code_from_a_json_body_without_the_header()
    {
        var handler = new Answer(HttpStatusCode.Unauthorized, header: null,
            body: "{\"$id\":\"1\",\"innerException\":null,\"message\":\"TF401444: Please sign-in at least once as x\\\\bob in a web browser to enable access to the service.\",\"typeKey\":\"UnauthorizedRequestException\"}");

        Assert.Equal(AccessVerdict.NeverSignedIn, await new AccountAccessCheck(() => handler, HelperTrace.Disabled).CheckAsync(Contoso, new Secret("t"), default));
    }

    [Fact]
    public async Task No_connection_is_no_verdict_not_a_failure()
    {
        var check = new AccountAccessCheck(() => new Unreachable(), HelperTrace.Disabled);

        Assert.Equal(AccessVerdict.Unknown, await check.CheckAsync(Contoso, new Secret("t"), default));
    }

    private sealed class Answer(HttpStatusCode status, string? header, string body) : HttpMessageHandler
    {
        public Uri? Url { get; private set; }

        public string? Authorization { get; private set; }

        public string? FedAuthRedirect { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Url = request.RequestUri;
            Authorization = request.Headers.Authorization?.ToString();
            FedAuthRedirect = request.Headers.TryGetValues("X-TFS-FedAuthRedirect", out var values) ? values.Single() : null;
            var response = new HttpResponseMessage(status) { Content = new StringContent(body) };
            if (header is not null)
            {
                response.Headers.TryAddWithoutValidation(ServiceErrorCode.Header, header);
            }

            return Task.FromResult(response);
        }
    }

    private sealed class Unreachable : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new HttpRequestException(HttpRequestError.ConnectionError, "connection refused");
    }
}
