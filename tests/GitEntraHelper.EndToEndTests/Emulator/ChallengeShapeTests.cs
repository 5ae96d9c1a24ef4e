using System.Net;
using GitEntraHelper.EndToEndTests.Infrastructure;

namespace GitEntraHelper.EndToEndTests.Emulator;

/// <summary>
/// The ways a 401 names the tenant (/challenge-shape), checked on the wire: quoted authorization_uri,
/// every challenge in one header, X-VSS-ResourceTenant twice with the zero GUID listed first, and
/// lower-case header names when HTTP/2 is negotiated (TLS ALPN).
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class ChallengeShapeTests(EmulatorFixture emulator)
{
    [OsFact(TestOs.All)]
    public async Task Quoted_authorization_uri()
    {
        var response = await AnonymousAsync("quoted");

        Assert.Contains($"Bearer authorization_uri=\"{emulator.Authority}\"", Challenges(response));
        Assert.Equal(emulator.TenantId, Assert.Single(response.Headers.GetValues("X-VSS-ResourceTenant")));
    }

    [OsFact(TestOs.All)]
    public async Task Every_challenge_in_one_header()
    {
        var response = await AnonymousAsync("one-header", HttpVersion.Version11);

        // .NET splits a comma-separated header into its challenges; the raw line is one header.
        Assert.Equal(
            $"Bearer authorization_uri={emulator.Authority}, Basic realm=\"{emulator.DevOpsUrl}/\", TFS-Federated",
            Assert.Single(response.Headers.NonValidated["WWW-Authenticate"]));
        Assert.Equal(["Bearer", "Basic", "TFS-Federated"], response.Headers.WwwAuthenticate.Select(c => c.Scheme));
    }

    [OsFact(TestOs.All)]
    public async Task Resource_tenant_twice_with_the_zero_guid_listed_before_the_tenant()
    {
        var response = await AnonymousAsync("resource-tenant-list", HttpVersion.Version11);

        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate, c => c.Scheme == "Bearer").ToString());
        Assert.Equal(
            [$"00000000-0000-0000-0000-000000000000, {emulator.TenantId}", emulator.TenantId],
            response.Headers.NonValidated["X-VSS-ResourceTenant"]);
    }

    [OsFact(TestOs.All)]
    public async Task Standard_shape_over_http2_has_lower_case_header_names()
    {
        var response = await AnonymousAsync("standard", HttpVersion.Version20);

        Assert.Equal(HttpVersion.Version20, response.Version);
        var names = response.Headers.Select(h => h.Key).ToList();
        Assert.Contains("x-vss-resourcetenant", names);
        Assert.Contains("x-vss-authorizationendpoint", names);
        Assert.Equal(emulator.TenantId, Assert.Single(response.Headers.GetValues("X-VSS-ResourceTenant")));
        Assert.Contains($"Bearer authorization_uri={emulator.Authority}", Challenges(response));
    }

    [OsFact(TestOs.All)]
    public async Task An_unknown_shape_is_refused_and_changes_nothing()
    {
        using var client = new HttpClient();
        using var refused = await client.PostAsync(emulator.AdminUrl + "/challenge-shape?shape=sideways", content: null);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("standard", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains($"Bearer authorization_uri={emulator.Authority}", Challenges(await AnonymousAsync(null)));
    }

    /// <summary>An anonymous probe of contoso with the given shape switched on (then restored).</summary>
    private async Task<HttpResponseMessage> AnonymousAsync(string? shape, Version? version = null)
    {
        if (shape is not null)
        {
            await emulator.AdminAsync("/challenge-shape?shape=" + shape);
        }

        try
        {
            using var client = emulator.CreateHttpClient();
            using var request = new HttpRequestMessage(HttpMethod.Get, emulator.DevOpsUrl + "/contoso")
            {
                Version = version ?? HttpVersion.Version11,
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            };
            var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal($"{emulator.DevOpsUrl}/_vssps/contoso/", Assert.Single(response.Headers.GetValues("X-VSS-AuthorizationEndpoint")));
            return response;
        }
        finally
        {
            await emulator.AdminAsync("/challenge-shape?shape=standard");
        }
    }

    private static List<string> Challenges(HttpResponseMessage response) => response.Headers.WwwAuthenticate.Select(c => c.ToString()).ToList();
}
