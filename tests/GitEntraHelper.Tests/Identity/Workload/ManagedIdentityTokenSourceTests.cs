using GitEntraHelper.Diagnostics;
using GitEntraHelper.Identity.Workload;
using static GitEntraHelper.Tests.Identity.Workload.WorkloadTestData;

namespace GitEntraHelper.Tests.Identity.Workload;

/// <summary>MSAL reads IDENTITY_ENDPOINT/IDENTITY_HEADER from the process environment: these tests own it.</summary>
[CollectionDefinition("process environment", DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection;

[Collection("process environment")]
public sealed class ManagedIdentityTokenSourceTests : IDisposable
{
    private const string Endpoint = "https://msi.example.test/msi/token";

    public ManagedIdentityTokenSourceTests()
    {
        System.Environment.SetEnvironmentVariable("IDENTITY_ENDPOINT", Endpoint);
        System.Environment.SetEnvironmentVariable("IDENTITY_HEADER", "header-secret");
    }

    public void Dispose()
    {
        System.Environment.SetEnvironmentVariable("IDENTITY_ENDPOINT", null);
        System.Environment.SetEnvironmentVariable("IDENTITY_HEADER", null);
    }

    private static HttpResponseMessage AppServiceToken(string token) =>
        FakeHttp.Json($$"""{"access_token":"{{token}}","expires_on":"{{DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds()}}","resource":"499b84ac-1321-427f-aa17-267ca6975798","token_type":"Bearer"}""");

    [Fact]
    public async Task System_assigned_asks_the_App_Service_endpoint_for_Azure_DevOps()
    {
        var http = new FakeHttp(r => AppServiceToken("mi-system-token"));
        var source = new ManagedIdentityTokenSource(Environment(http), ManagedIdentityKind.System, "App Service endpoint");

        var result = await source.GetTokenAsync(Request(), CancellationToken.None);

        Assert.Equal("mi-system-token", result.Token.Reveal());
        Assert.Contains("system-assigned", result.Identity);
        var call = Assert.Single(http.Requests);
        Assert.Equal(Endpoint, call.Uri.GetLeftPart(UriPartial.Path));
        Assert.Contains("resource=499b84ac-1321-427f-aa17-267ca6975798", call.Uri.Query);
        Assert.Equal("header-secret", call.Headers["X-IDENTITY-HEADER"]);
        Assert.DoesNotContain("client_id", call.Uri.Query);
        Assert.DoesNotContain(http.Requests, r => r.Uri.Host == "169.254.169.254");
    }

    [Fact]
    public async Task User_assigned_by_client_id_and_by_resource_id_name_the_identity()
    {
        var http = new FakeHttp(r => AppServiceToken("mi-user-token"));
        var byClient = new ManagedIdentityTokenSource(Environment(http), ManagedIdentityKind.Parse("id://0b0b0b0b-0000-4000-8000-000000000001", "test"), "App Service endpoint");
        var byResource = new ManagedIdentityTokenSource(Environment(http),
            ManagedIdentityKind.Parse("resource:///subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/ci", "test"), "App Service endpoint");

        await byClient.GetTokenAsync(Request(), CancellationToken.None);
        await byResource.GetTokenAsync(Request(), CancellationToken.None);

        Assert.Contains("client_id=0b0b0b0b-0000-4000-8000-000000000001", http.Requests[0].Uri.Query);
        Assert.Contains("mi_res_id=", http.Requests[1].Uri.Query);
        Assert.Contains("userAssignedIdentities", Uri.UnescapeDataString(http.Requests[1].Uri.Query));
    }

    [Fact]
    public async Task The_token_is_persisted_so_the_next_process_needs_no_grant()
    {
        var persistence = new InMemoryPersistence();
        var http = new FakeHttp(r => AppServiceToken("mi-persisted"));
        var kind = ManagedIdentityKind.Parse("0b0b0b0b-0000-4000-8000-000000000002", "test");

        await new ManagedIdentityTokenSource(Environment(http, persistence), kind, "App Service endpoint").GetTokenAsync(Request(), CancellationToken.None);
        var second = await new ManagedIdentityTokenSource(Environment(http, persistence), kind, "App Service endpoint").GetTokenAsync(Request(), CancellationToken.None);

        Assert.Equal("mi-persisted", second.Token.Reveal());
        Assert.Single(http.Requests);
        Assert.True(persistence.Writes >= 1);
    }

    [Fact]
    public async Task A_slow_endpoint_is_a_time_out_line_that_names_no_authority()
    {
        var http = new FakeHttp(r => AppServiceToken("late")) { Delay = TimeSpan.FromSeconds(20) };
        var source = new ManagedIdentityTokenSource(Environment(http, timeout: TimeSpan.FromMilliseconds(300)),
            ManagedIdentityKind.Parse("0b0b0b0b-0000-4000-8000-000000000004", "test"), "App Service endpoint");

        var e = await Assert.ThrowsAsync<HelperException>(() => source.GetTokenAsync(Request(), CancellationToken.None));

        Assert.Contains("network time-out", e.Message);
        Assert.Contains("credential.entraNetworkTimeout", e.Message);
        Assert.DoesNotContain("AZURE_AUTHORITY_HOST", e.Message);
    }

    [Fact]
    public async Task An_endpoint_failure_is_one_line_without_the_header_secret()
    {
        var http = new FakeHttp(r => FakeHttp.Json("""{"error":"invalid_request","error_description":"Identity not found"}""", System.Net.HttpStatusCode.BadRequest));
        var source = new ManagedIdentityTokenSource(Environment(http), ManagedIdentityKind.Parse("0b0b0b0b-0000-4000-8000-000000000003", "test"), "App Service endpoint");

        var e = await Assert.ThrowsAsync<HelperException>(() => source.GetTokenAsync(Request(), CancellationToken.None));

        Assert.Contains("managed identity", e.Message);
        Assert.DoesNotContain("header-secret", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }
}

public class ManagedIdentityKindTests
{
    [Theory]
    [InlineData("system", "system-assigned")]
    [InlineData("SYSTEM", "system-assigned")]
    [InlineData("0b0b0b0b-0000-4000-8000-000000000001", "user-assigned, client id 0b0b0b0b-0000-4000-8000-000000000001")]
    [InlineData("id://0B0B0B0B-0000-4000-8000-000000000001", "user-assigned, client id 0b0b0b0b-0000-4000-8000-000000000001")]
    [InlineData("object://0b0b0b0b-0000-4000-8000-000000000009", "user-assigned, object id 0b0b0b0b-0000-4000-8000-000000000009")]
    [InlineData("resource://subscriptions/s/rg", "user-assigned, resource id /subscriptions/s/rg")]
    public void Parses_GCM_values(string value, string expected) =>
        Assert.Equal(expected, ManagedIdentityKind.Parse(value, "credential.azreposManagedIdentity").ToString());

    [Theory]
    [InlineData("nope")]
    [InlineData("id://not-a-guid")]
    [InlineData("resource://")]
    public void Rejects_anything_else_naming_the_key(string value)
    {
        var e = Assert.Throws<HelperException>(() => ManagedIdentityKind.Parse(value, "credential.azreposManagedIdentity"));
        Assert.Contains("credential.azreposManagedIdentity", e.Message);
    }
}
