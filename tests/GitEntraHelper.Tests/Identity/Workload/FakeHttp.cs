using System.Net;
using System.Text;

namespace GitEntraHelper.Tests.Identity.Workload;

/// <summary>One request as the fake server saw it.</summary>
internal sealed record SeenRequest(HttpMethod Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public Dictionary<string, string> Form() =>
        Body.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0].Replace('+', ' ')), p => p.Length > 1 ? Uri.UnescapeDataString(p[1].Replace('+', ' ')) : "");
}

/// <summary>
/// The HTTP seam for Entra, managed identity and CI OIDC endpoints in unit tests: records every request
/// and answers with what the test's responder returns (404 when it returns null).
/// </summary>
internal sealed class FakeHttp : HttpMessageHandler
{
    private readonly Func<SeenRequest, HttpResponseMessage?> _respond;

    public FakeHttp(Func<SeenRequest, HttpResponseMessage?> respond) => _respond = respond;

    public List<SeenRequest> Requests { get; } = [];

    /// <summary>Answer only after this long (honouring cancellation), to simulate a slow server.</summary>
    public TimeSpan Delay { get; init; }

    public IEnumerable<SeenRequest> TokenRequests => Requests.Where(r => r.Uri.AbsolutePath.EndsWith("/oauth2/v2.0/token", StringComparison.Ordinal));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        if (request.Content is not null)
            foreach (var h in request.Content.Headers)
                headers[h.Key] = string.Join(",", h.Value);
        var seen = new SeenRequest(request.Method, request.RequestUri!, headers, body);
        lock (Requests)
            Requests.Add(seen);
        if (Delay > TimeSpan.Zero)
            await Task.Delay(Delay, cancellationToken);
        return _respond(seen) ?? new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent("{}") };
    }

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    public static HttpResponseMessage Token(string accessToken, int expiresIn = 3600) =>
        Json($$"""{"token_type":"Bearer","expires_in":{{expiresIn}},"ext_expires_in":{{expiresIn}},"access_token":"{{accessToken}}"}""");

    public static HttpResponseMessage AadError(string error, int code, string description, HttpStatusCode status = HttpStatusCode.BadRequest) =>
        Json($$"""{"error":"{{error}}","error_description":"AADSTS{{code}}: {{description}} Trace ID: 0000 Correlation ID: 1111 Timestamp: 2026-01-01 00:00:00Z","error_codes":[{{code}}]}""", status);

    /// <summary>A compact JWT (unsigned) with the given claims, as CI OIDC issuers send.</summary>
    public static string Jwt(string issuer, string subject, string audience = "api://AzureADTokenExchange")
    {
        static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return B64("""{"alg":"RS256","typ":"JWT"}""") + "." + B64($$"""{"iss":"{{issuer}}","sub":"{{subject}}","aud":"{{audience}}","exp":4102444800}""") + ".c2ln";
    }
}

/// <summary>Stands in for the encrypted persistent cache: keeps MSAL's serialized caches in memory, shared across "processes".</summary>
internal sealed class InMemoryPersistence : GitEntraHelper.TokenCache.ITokenCachePersistence
{
    private readonly Dictionary<string, byte[]> _stored = [];

    public byte[]? Stored => _stored.Values.FirstOrDefault();

    /// <summary>Set: every cache access fails with this line, as without a keyring on a headless agent.</summary>
    public string? Unavailable { get; init; }
    public int Writes { get; private set; }
    public List<string> Partitions { get; } = [];
    public List<string> Flights { get; } = [];


    public void Attach(Microsoft.Identity.Client.ITokenCache tokenCache, string partition)
    {
        Partitions.Add(partition);
        tokenCache.SetBeforeAccess(a =>
        {
            if (Unavailable is not null)
                throw new GitEntraHelper.Diagnostics.HelperException(Unavailable);
            if (_stored.TryGetValue(partition, out var bytes))
                a.TokenCache.DeserializeMsalV3(bytes);
        });
        tokenCache.SetAfterAccess(a => { if (a.HasStateChanged) { _stored[partition] = a.TokenCache.SerializeMsalV3(); Writes++; } });
    }

    public Task<IAsyncDisposable> EnterSingleFlightAsync(string key, string purpose, CancellationToken cancellationToken)
    {
        Flights.Add(key);
        return Task.FromResult<IAsyncDisposable>(new Nothing());
    }

    public string Describe(string partition) => "memory:" + partition;
    public IReadOnlyList<string> StoredPartitions() => [.. _stored.Keys];
    public void Verify() { }
    public Task<bool> ClearAsync(string partition, CancellationToken cancellationToken) => Task.FromResult(_stored.Remove(partition));

    private sealed class Nothing : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
