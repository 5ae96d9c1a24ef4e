using System.Net;
using GitEntraHelper.Diagnostics;

namespace GitEntraHelper.AzureDevOps;

/// <summary>
/// Learns an organization's tenant from its anonymous 401 (<see cref="OrganizationProbe"/>, which sends
/// no credentials and follows no redirect): the challenge's authorization_uri, else X-VSS-ResourceTenant
/// (<see cref="TenantChallenge"/>). Failure is one clear line.
/// </summary>
public sealed class TenantProbe
{
    public static readonly TimeSpan Timeout = OrganizationProbe.Timeout;

    private readonly OrganizationProbe _probe;
    private readonly HelperTrace _trace;

    public TenantProbe(Func<HttpMessageHandler> createHandler, HelperTrace trace)
    {
        _probe = new OrganizationProbe(createHandler, trace);
        _trace = trace;
    }

    public async Task<string> DiscoverAsync(Uri organizationUrl, CancellationToken cancellationToken)
    {
        OrganizationAnswer answer;
        try
        {
            answer = await _probe.GetAsync(organizationUrl, "tenant", cancellationToken).ConfigureAwait(false);
        }
        catch (ProbeFailedException e)
        {
            throw Failure(organizationUrl, e.Message);
        }

        string? tenant = TenantChallenge.FromWwwAuthenticate(answer.Challenges)
            ?? (answer.ResourceTenants.Count > 0 ? TenantChallenge.FromResourceTenantHeader(answer.ResourceTenants) : null);
        _trace.Write("azure-devops", $"probe {organizationUrl} → {(int)answer.Status}, tenant {tenant ?? "(none)"}");
        if (tenant is null)
        {
            string why = answer.Status == HttpStatusCode.NotFound
                ? "the organization was not found (HTTP 404)"
                : $"the answer (HTTP {(int)answer.Status}) names no Entra tenant";
            throw Failure(organizationUrl, why);
        }

        return tenant;
    }

    private static HelperException Failure(Uri organizationUrl, string reason) =>
        new($"cannot discover the Entra tenant of {organizationUrl}: {reason}; check the remote URL, or set credential.entraTenantId");
}
