using System.Net;
using GitEntraHelper.AzureDevOps;
using GitEntraHelper.Diagnostics;

namespace GitEntraHelper.Tests.AzureDevOps;

/// <summary>
/// The tenant from the 401 shapes the real service is recorded to send (tests/Emulator/README.md, "Behaviour →
/// public source"), both as git passes them (wwwauth[]) and as the probe receives them (every header, any case).
/// </summary>
public sealed class RecordedChallengeTests
{
    private const string Tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private const string Zero = "00000000-0000-0000-0000-000000000000";

    [Theory]
    // GCM AzureDevOpsApiTests ...VssResourceTenantMultiple_ReturnsFirstAadAuthority: the zero GUID listed first.
    [InlineData(new[] { Zero + ", " + Tenant }, Tenant)]
    [InlineData(new[] { Zero, Tenant }, Tenant)]
    [InlineData(new[] { Zero + ", " + Tenant, Tenant }, Tenant)]                    // the emulator's resource-tenant-list shape
    [InlineData(new[] { Tenant + "," + Zero }, Tenant)]
    [InlineData(new[] { "72F988BF-86F1-41AF-91AB-2D7CD011DB47" }, Tenant)]
    // ...VssResourceTenantMsa_ReturnsOrganizationsAuthority: the zero GUID alone is a Microsoft-account organization.
    [InlineData(new[] { Zero }, TenantId.Organizations)]
    [InlineData(new[] { " " + Zero + " " }, TenantId.Organizations)]
    // The zero GUID beside anything else is not "the only value": no tenant (GCM falls back to common; we never use it).
    [InlineData(new[] { Zero, Zero }, null)]
    [InlineData(new[] { Zero + ", not-a-guid" }, null)]
    [InlineData(new[] { "organizations" }, null)]                                     // a name is not what this header carries
    [InlineData(new[] { "https://evil.example/" + Tenant }, null)]
    [InlineData(new string[0], null)]
    // Found by fuzz/ tenant-header: Guid.TryParseExact "D" reads a sign inside a group as a digit.
    [InlineData(new[] { "not-, 72F988BF-86F1-41AF-91AB-+D7CD011DB47" }, null)]
    [InlineData(new[] { "00000000;0000-0000-0000-000000000000", "72F988BF-86F1-41AF-+1AB-2D7CD011DB47" }, null)]
    public void Resource_tenant_values(string[] values, string? expected) =>
        Assert.Equal(expected, TenantChallenge.FromResourceTenantHeader(values));

    [Theory]
    // coder/coder#12351 (GIT_TRACE_CURL of dev.azure.com): one header per challenge, names lower-case over HTTP/2.
    [InlineData(new[] { $"Bearer authorization_uri=https://login.microsoftonline.com/{Tenant}", "Basic realm=\"https://tfsprodneu2.visualstudio.com/\"", "TFS-Federated" }, Tenant)]
    // azure-pipelines-agent#4826: every challenge on one line.
    [InlineData(new[] { $"Bearer authorization_uri=https://login.microsoftonline.com/{Tenant}, Basic realm=\"https://tfsprodcus3.visualstudio.com/\", TFS-Federated" }, Tenant)]
    // learn.microsoft.com "Claims challenges…": quoted parameters, authorization_uri after realm.
    [InlineData(new[] { $"Bearer realm=\"\", authorization_uri=\"https://login.microsoftonline.com/{Tenant}/oauth2/authorize\", error=\"insufficient_claims\", claims=\"eyJhY2Nlc3NfdG9rZW4iOnt9fQ==\"" }, Tenant)]
    // GCM AzureDevOpsApiTests WwwAuthenticateMultiple: a bare Bearer next to the one that names the authority.
    [InlineData(new[] { "Bearer", $"Bearer authorization_uri=https://login.microsoftonline.com/{Tenant}", "NTLM" }, Tenant)]
    // azure-pipelines-agent#1164: a Microsoft-account organization names no authority at all.
    [InlineData(new[] { "Bearer", "Basic realm=\"https://tfsprodcus3.visualstudio.com/\"", "TFS-Federated" }, null)]
    // The authority host is never taken from a challenge; only its tenant segment, and only a GUID.
    [InlineData(new[] { $"Bearer authorization_uri=https://login.evil.example/{Tenant}" }, Tenant)]
    [InlineData(new[] { "Bearer authorization_uri=https://login.microsoftonline.com/common" }, null)]
    public void Www_authenticate_shapes(string[] headers, string? expected) =>
        Assert.Equal(expected, TenantChallenge.FromWwwAuthenticate(headers));

    [Theory]
    [InlineData("WWW-Authenticate", "X-VSS-ResourceTenant")]
    [InlineData("www-authenticate", "x-vss-resourcetenant")]          // HTTP/2 lower-cases header names
    public async Task The_probe_reads_a_bare_bearer_and_a_listed_resource_tenant(string wwwAuthenticate, string resourceTenant)
    {
        var handler = new RawHeaders(
            (wwwAuthenticate, "Bearer"),
            (wwwAuthenticate, "Basic realm=\"https://dev.azure.com/\""),
            (wwwAuthenticate, "TFS-Federated"),
            (resourceTenant, $"{Zero}, {Tenant}"),
            (resourceTenant, Tenant),
            ("X-VSS-AuthorizationEndpoint", "https://vssps.dev.azure.com/contoso/"));
        var probe = new TenantProbe(() => handler, HelperTrace.Disabled);

        Assert.Equal(Tenant, await probe.DiscoverAsync(new Uri("https://dev.azure.com/contoso"), default));
    }

    [Fact]
    public async Task The_probe_reads_a_microsoft_account_organization_as_organizations()
    {
        var handler = new RawHeaders(("WWW-Authenticate", "Bearer"), ("WWW-Authenticate", "Basic realm=\"https://dev.azure.com/\""), ("X-VSS-ResourceTenant", Zero));
        var probe = new TenantProbe(() => handler, HelperTrace.Disabled);

        Assert.Equal(TenantId.Organizations, await probe.DiscoverAsync(new Uri("https://dev.azure.com/personal"), default));
    }

    [Fact]
    public async Task A_bearer_authority_beats_the_resource_tenant_header()
    {
        const string Other = "11111111-2222-3333-4444-555555555555";
        var handler = new RawHeaders(("WWW-Authenticate", $"Bearer authorization_uri=https://login.microsoftonline.com/{Tenant}"), ("X-VSS-ResourceTenant", Other));
        var probe = new TenantProbe(() => handler, HelperTrace.Disabled);

        Assert.Equal(Tenant, await probe.DiscoverAsync(new Uri("https://dev.azure.com/contoso"), default));
    }

    /// <summary>A 401 with exactly these header lines, in this order and spelling.</summary>
    private sealed class RawHeaders(params (string Name, string Value)[] headers) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = new HttpResponseMessage(HttpStatusCode.Unauthorized);
            foreach ((string name, string value) in headers)
            {
                Assert.True(response.Headers.TryAddWithoutValidation(name, value));
            }

            return Task.FromResult(response);
        }
    }
}
