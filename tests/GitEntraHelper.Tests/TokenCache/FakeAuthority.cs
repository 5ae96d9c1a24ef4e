using System.Net;
using System.Text;
using Microsoft.Identity.Client;

namespace GitEntraHelper.Tests.TokenCache;

/// <summary>
/// An in-memory token endpoint for MSAL (through its HTTP client factory seam): answers client
/// credential grants with numbered access tokens and counts them. No network is involved.
/// </summary>
internal sealed class FakeAuthority : HttpMessageHandler, IMsalHttpClientFactory
{
    public const string Host = "https://login.cache-tests.invalid/";
    public const string TenantId = "7f0c5a7e-1b6a-4a43-9a8a-1c8f2f0d1e11";
    public const string ClientId = "5b1f6a55-34d5-4c1e-9d3a-0b8c5e6f7a01";
    public const string Scope = "499b84ac-1321-427f-aa17-267ca6975798/.default";

    private int _grants;

    public int Grants => Volatile.Read(ref _grants);

    public HttpClient GetHttpClient() => new(this, disposeHandler: false);

    public IConfidentialClientApplication NewApp() =>
        ConfidentialClientApplicationBuilder.Create(ClientId)
            .WithClientSecret("not-a-real-secret")
            .WithAuthority(new Uri(Host + TenantId))
            .WithInstanceDiscovery(false)
            .WithHttpClientFactory(this)
            .Build();

    public static string TokenNumber(int n) => $"cache-test-access-token-{n:D4}-" + new string('x', 40);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method != HttpMethod.Post || !request.RequestUri!.AbsolutePath.EndsWith("/oauth2/v2.0/token", StringComparison.Ordinal))
        {
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound));
        }

        var n = Interlocked.Increment(ref _grants);
        var body = $$"""{"token_type":"Bearer","expires_in":3599,"ext_expires_in":3599,"access_token":"{{TokenNumber(n)}}"}""";
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        });
    }
}
