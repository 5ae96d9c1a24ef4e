using System.Net;
using GitEntraHelper.Diagnostics;

namespace GitEntraHelper.AzureDevOps;

/// <summary>
/// One unauthenticated GET of the organization URL, answered by Azure DevOps with a 401 that names
/// the tenant (<see cref="TenantChallenge"/>). No redirects are followed, no credentials are sent,
/// and the whole exchange is limited to 5 seconds. Failure is one clear line.
/// </summary>
public sealed class TenantProbe
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private readonly Func<HttpMessageHandler> _createHandler;
    private readonly HelperTrace _trace;

    public TenantProbe(Func<HttpMessageHandler> createHandler, HelperTrace trace)
    {
        _createHandler = createHandler;
        _trace = trace;
    }

    public async Task<string> DiscoverAsync(Uri organizationUrl, CancellationToken cancellationToken)
    {
        HttpMessageHandler handler = _createHandler();
        if (handler is SocketsHttpHandler sockets)
        {
            sockets.AllowAutoRedirect = false;
            sockets.UseCookies = false;
            sockets.Credentials = null;
            sockets.ConnectTimeout = Timeout;
        }

        using var client = new HttpClient(handler, disposeHandler: true) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, organizationUrl);
        request.Headers.TryAddWithoutValidation("X-TFS-FedAuthRedirect", "Suppress"); // a 401, not a sign-in page
        request.Headers.TryAddWithoutValidation("User-Agent", "git-credential-entra");

        HttpResponseMessage response;
        using (_trace.Time("azure-devops: tenant probe"))
        {
            try
            {
                response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw Failure(organizationUrl, "no answer within 5 s");
            }
            catch (HttpRequestException e)
            {
                throw Failure(organizationUrl, e.InnerException?.Message ?? e.Message);
            }
        }

        using (response)
        {
            var challenges = response.Headers.WwwAuthenticate.Select(h => h.ToString()).ToList();
            string? tenant = TenantChallenge.FromWwwAuthenticate(challenges)
                ?? (response.Headers.TryGetValues("X-VSS-ResourceTenant", out var values) ? TenantChallenge.FromResourceTenantHeader(values) : null);
            _trace.Write("azure-devops", $"probe {organizationUrl} → {(int)response.StatusCode}, tenant {tenant ?? "(none)"}");
            if (tenant is null)
            {
                string why = response.StatusCode == HttpStatusCode.NotFound
                    ? "the organization was not found (HTTP 404)"
                    : $"the answer (HTTP {(int)response.StatusCode}) names no Entra tenant";
                throw Failure(organizationUrl, why);
            }

            return tenant;
        }
    }

    private static HelperException Failure(Uri organizationUrl, string reason) =>
        new($"cannot discover the Entra tenant of {organizationUrl}: {reason}; check the remote URL, or set credential.entraTenantId");
}
