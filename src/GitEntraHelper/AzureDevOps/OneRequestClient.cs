namespace GitEntraHelper.AzureDevOps;

/// <summary>
/// An HTTP client for one request of ours to an Azure DevOps organization: no redirects followed (a
/// redirect is the sign-in page, and nothing of ours may travel on), no cookies, no ambient credentials,
/// and the whole exchange bounded by a time-out. The tenant probe and the access check both use it.
/// </summary>
internal static class OneRequestClient
{
    public static HttpClient Create(Func<HttpMessageHandler> createHandler, TimeSpan timeout)
    {
        HttpMessageHandler handler = createHandler();
        if (handler is SocketsHttpHandler sockets)
        {
            sockets.AllowAutoRedirect = false;
            sockets.UseCookies = false;
            sockets.Credentials = null;
            sockets.ConnectTimeout = timeout;
        }

        return new HttpClient(handler, disposeHandler: true) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
    }

    /// <summary>A GET that Azure DevOps answers with a status (401), not with its sign-in page.</summary>
    public static HttpRequestMessage Get(Uri url)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("X-TFS-FedAuthRedirect", "Suppress");
        request.Headers.TryAddWithoutValidation("User-Agent", "git-credential-entra");
        return request;
    }
}
