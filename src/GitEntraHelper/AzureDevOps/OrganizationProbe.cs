using System.Net;
using GitEntraHelper.Diagnostics;

namespace GitEntraHelper.AzureDevOps;

/// <summary>What an organization's anonymous 401 says about it: the challenges, the tenant header and its vssps endpoint.</summary>
/// <param name="Status">The HTTP status (401 for a real organization, 404 for an unknown one).</param>
/// <param name="Challenges">Every WWW-Authenticate challenge, in order.</param>
/// <param name="ResourceTenants">Every X-VSS-ResourceTenant value.</param>
/// <param name="AuthorizationEndpoint">X-VSS-AuthorizationEndpoint (the vssps URL), or null.</param>
public sealed record OrganizationAnswer(HttpStatusCode Status, IReadOnlyList<string> Challenges, IReadOnlyList<string> ResourceTenants, string? AuthorizationEndpoint);

/// <summary>
/// One unauthenticated GET of an organization URL: no credentials, no cookies, no redirects followed,
/// the whole exchange limited to <see cref="Timeout"/>. The tenant probe and the PAT commands' vssps
/// discovery both read its answer, so neither can send a token while discovering.
/// </summary>
public sealed class OrganizationProbe(Func<HttpMessageHandler> createHandler, HelperTrace trace)
{
    public const string AuthorizationEndpointHeader = "X-VSS-AuthorizationEndpoint";
    public const string ResourceTenantHeader = "X-VSS-ResourceTenant";
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <exception cref="HelperException">No answer within the time-out, or no connection.</exception>
    public async Task<OrganizationAnswer> GetAsync(Uri organizationUrl, string purpose, CancellationToken cancellationToken)
    {
        using HttpClient client = OneRequestClient.Create(createHandler, Timeout);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        using HttpRequestMessage request = OneRequestClient.Get(organizationUrl);

        HttpResponseMessage response;
        using (trace.Time($"azure-devops: {purpose} probe"))
        {
            try
            {
                response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new ProbeFailedException("no answer within 5 s");
            }
            catch (HttpRequestException e)
            {
                throw new ProbeFailedException(e.InnerException?.Message ?? e.Message);
            }
        }

        using (response)
        {
            var challenges = response.Headers.WwwAuthenticate.Select(h => h.ToString()).ToList();
            IReadOnlyList<string> tenants = response.Headers.TryGetValues(ResourceTenantHeader, out var values) ? [.. values] : [];
            string? endpoint = response.Headers.TryGetValues(AuthorizationEndpointHeader, out var endpoints) ? endpoints.FirstOrDefault() : null;
            trace.Write("azure-devops", $"probe {organizationUrl} → {(int)response.StatusCode}, {AuthorizationEndpointHeader} {endpoint ?? "(none)"}");
            return new OrganizationAnswer(response.StatusCode, challenges, tenants, endpoint);
        }
    }
}

/// <summary>The organization could not be asked at all (network, time-out); the message says why.</summary>
public sealed class ProbeFailedException(string reason) : Exception(reason);
