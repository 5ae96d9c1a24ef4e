using GitEntraHelper.Diagnostics;
using GitEntraHelper.Identity.Workload;
using static GitEntraHelper.Tests.Identity.Workload.WorkloadTestData;

namespace GitEntraHelper.Tests.Identity.Workload;

public class ClientSecretTokenSourceTests
{
    [Fact]
    public async Task Sends_client_credentials_with_the_secret_to_the_tenant_authority()
    {
        var http = new FakeHttp(r => FakeHttp.Token("at-1"));
        var source = new ClientSecretTokenSource(Environment(http), ClientId, Tenant, new Secret("s3cret"));

        var result = await source.GetTokenAsync(Request(), CancellationToken.None);

        Assert.Equal("at-1", result.Token.Reveal());
        Assert.InRange(result.ExpiresOn, DateTimeOffset.UtcNow.AddMinutes(55), DateTimeOffset.UtcNow.AddMinutes(61));
        Assert.Contains(ClientId, result.Identity);
        var call = Assert.Single(http.TokenRequests);
        Assert.Equal($"https://login.example.test/{Tenant}/oauth2/v2.0/token", call.Uri.GetLeftPart(UriPartial.Path));
        var form = call.Form();
        Assert.Equal("client_credentials", form["grant_type"]);
        Assert.Equal(ClientId, form["client_id"]);
        Assert.Equal("s3cret", form["client_secret"]);
        Assert.Contains("499b84ac-1321-427f-aa17-267ca6975798/.default", form["scope"]);
        // A non-Microsoft authority host: no instance discovery call anywhere else.
        Assert.All(http.Requests, r => Assert.Equal("login.example.test", r.Uri.Host));
        Assert.DoesNotContain(http.Requests, r => r.Uri.AbsolutePath.Contains("discovery", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Second_request_is_served_from_the_cache_and_a_refused_token_makes_a_new_grant()
    {
        var n = 0;
        var http = new FakeHttp(r => FakeHttp.Token("at-" + ++n));
        var source = new ClientSecretTokenSource(Environment(http), ClientId, Tenant, new Secret("s3cret"));

        var first = await source.GetTokenAsync(Request(), CancellationToken.None);
        var second = await source.GetTokenAsync(Request(), CancellationToken.None);
        var forced = await source.GetTokenAsync(Request(refused: "at-1"), CancellationToken.None);

        Assert.Equal("at-1", first.Token.Reveal());
        Assert.Equal("at-1", second.Token.Reveal());
        Assert.Equal("at-2", forced.Token.Reveal());
        Assert.Equal(2, http.TokenRequests.Count());
    }

    [Fact]
    public async Task A_new_process_reuses_the_persisted_app_token()
    {
        var persistence = new InMemoryPersistence();
        var http = new FakeHttp(r => FakeHttp.Token("at-persisted"));

        var firstProcess = new ClientSecretTokenSource(Environment(http, persistence), ClientId, Tenant, new Secret("s3cret"));
        await firstProcess.GetTokenAsync(Request(), CancellationToken.None);
        var secondProcess = new ClientSecretTokenSource(Environment(http, persistence), ClientId, Tenant, new Secret("s3cret"));
        var again = await secondProcess.GetTokenAsync(Request(), CancellationToken.None);

        Assert.Equal("at-persisted", again.Token.Reveal());
        Assert.Single(http.TokenRequests);
        Assert.NotNull(persistence.Stored);
        Assert.All(persistence.Partitions, p => Assert.Equal("app-" + ClientId, p));
        Assert.All(persistence.Flights, f => Assert.Equal($"app|{ClientId}|{Tenant}", f));
    }

    [Fact]
    public async Task Erase_replaces_the_persisted_token_so_no_process_hands_it_out_again()
    {
        var persistence = new InMemoryPersistence();
        var n = 0;
        var http = new FakeHttp(r => FakeHttp.Token("at-" + ++n));
        ClientSecretTokenSource Process() => new(Environment(http, persistence), ClientId, Tenant, new Secret("s3cret"));

        var handedOut = await Process().GetTokenAsync(Request(), CancellationToken.None);
        await Process().ForgetAsync(Request(refused: "at-1"), CancellationToken.None);
        var next = await Process().GetTokenAsync(Request(), CancellationToken.None);

        Assert.Equal("at-1", handedOut.Token.Reveal());
        Assert.Equal("at-2", next.Token.Reveal());
        Assert.Equal(2, http.TokenRequests.Count());
    }

    [Fact]
    public async Task Without_a_usable_token_cache_the_identity_still_gets_tokens_in_memory()
    {
        var persistence = new InMemoryPersistence { Unavailable = "cannot read the token cache in the Secret Service" };
        var http = new FakeHttp(r => FakeHttp.Token("at-memory"));
        var source = new ClientSecretTokenSource(Environment(http, persistence), ClientId, Tenant, new Secret("s"));

        var first = await source.GetTokenAsync(Request(), CancellationToken.None);
        var second = await source.GetTokenAsync(Request(), CancellationToken.None);

        Assert.Equal("at-memory", first.Token.Reveal());
        Assert.Equal("at-memory", second.Token.Reveal());
        Assert.Single(http.TokenRequests);
    }

    [Fact]
    public async Task A_credential_failure_is_reported_as_such_even_when_the_cache_is_unusable()
    {
        var persistence = new InMemoryPersistence { Unavailable = "cannot read the token cache in the Secret Service" };
        var http = new FakeHttp(r => FakeHttp.AadError("invalid_client", 7000215, "Invalid client secret provided."));
        var source = new ClientSecretTokenSource(Environment(http, persistence), ClientId, Tenant, new Secret("s"));

        var e = await Assert.ThrowsAsync<HelperException>(() => source.GetTokenAsync(Request(), CancellationToken.None));

        Assert.Contains("AADSTS7000215", e.Message);
        Assert.Single(http.TokenRequests);
    }

    [Fact]
    public async Task Erase_without_a_persistent_cache_makes_no_grant()
    {
        var http = new FakeHttp(r => FakeHttp.Token("at"));
        await new ClientSecretTokenSource(Environment(http), ClientId, Tenant, new Secret("s")).ForgetAsync(Request(refused: "at"), CancellationToken.None);
        Assert.Empty(http.Requests);
    }

    [Fact]
    public async Task Uses_the_organizations_tenant_when_none_is_configured_and_fails_clearly_without_any()
    {
        var http = new FakeHttp(r => FakeHttp.Token("at"));
        var source = new ClientSecretTokenSource(Environment(http), ClientId, tenantId: null, new Secret("s3cret"));

        await source.GetTokenAsync(Request(tenant: "99999999-2222-3333-4444-555555555555"), CancellationToken.None);
        Assert.Contains("/99999999-2222-3333-4444-555555555555/", Assert.Single(http.TokenRequests).Uri.AbsolutePath);

        var e = await Assert.ThrowsAsync<HelperException>(() => source.GetTokenAsync(Request(tenant: null), CancellationToken.None));
        Assert.Contains("AZURE_TENANT_ID", e.Message);
    }

    [Fact]
    public async Task A_wrong_secret_maps_to_AADSTS7000215_with_the_fix()
    {
        var http = new FakeHttp(r => FakeHttp.AadError("invalid_client", 7000215, "Invalid client secret provided."));
        var source = new ClientSecretTokenSource(Environment(http), ClientId, Tenant, new Secret("wrong-secret-value"));

        var e = await Assert.ThrowsAsync<HelperException>(() => source.GetTokenAsync(Request(), CancellationToken.None));

        Assert.Contains("AADSTS7000215", e.Message);
        Assert.Contains("AZURE_CLIENT_SECRET", e.Message);
        Assert.DoesNotContain("wrong-secret-value", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    // Found by fuzz/ entra-errors: MSAL let System.Text.Json's JsonException through for a success status
    // whose body is not JSON, so the command failed with "unexpected error (JsonException)".
    [Theory]
    [InlineData("<html><body>Sign in to the proxy</body></html>")]
    [InlineData("{\"S")]
    [InlineData("{\"e")]
    [InlineData("{\"\u0000\"")]
    [InlineData("")] // NullReferenceException inside MSAL
    [InlineData("}")]
    [InlineData("{\"token_type\":\"Bearer\",\"expires_in\":3599,\"accesX_token\":\"eyJ0.c2ln\"}")] // no access_token: MSAL returned a result without one
    public async Task A_token_answer_that_is_not_JSON_is_one_line_naming_the_authority(string body)
    {
        var http = new FakeHttp(r => new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new StringContent(body) });
        var source = new ClientSecretTokenSource(Environment(http), ClientId, Tenant, new Secret("s3cret"));

        var e = await Assert.ThrowsAsync<HelperException>(() => source.GetTokenAsync(Request(), CancellationToken.None));

        Assert.Contains("not a token response", e.Message);
        Assert.Contains("AZURE_AUTHORITY_HOST", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.DoesNotContain("s3cret", e.Message);
    }

    [Fact]
    public async Task Error_codes_that_are_not_numbers_never_break_the_line() // found by fuzz/ entra-errors
    {
        var http = new FakeHttp(r => FakeHttp.Json("""{"error":"invalid\r\nclient","error_description":"Bad.\r\nTrace ID: 0","error_codes":["70\r\n002"]}""", System.Net.HttpStatusCode.BadRequest));
        var source = new ClientSecretTokenSource(Environment(http), ClientId, Tenant, new Secret("s3cret"));

        var e = await Assert.ThrowsAsync<HelperException>(() => source.GetTokenAsync(Request(), CancellationToken.None));

        Assert.DoesNotContain('\r', e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public async Task An_unknown_application_maps_to_AADSTS700016()
    {
        var http = new FakeHttp(r => FakeHttp.AadError("unauthorized_client", 700016, "Application with identifier 'x' was not found in the directory."));
        var source = new ClientSecretTokenSource(Environment(http), ClientId, Tenant, new Secret("s"));

        var e = await Assert.ThrowsAsync<HelperException>(() => source.GetTokenAsync(Request(), CancellationToken.None));

        Assert.Contains("AADSTS700016", e.Message);
        Assert.Contains(ClientId, e.Message);
        Assert.Contains(Tenant, e.Message);
    }

    [Fact]
    public async Task A_slow_authority_becomes_a_time_out_line_not_a_hang()
    {
        var http = new FakeHttp(r => FakeHttp.Token("late")) { Delay = TimeSpan.FromSeconds(20) };
        var source = new ClientSecretTokenSource(Environment(http, timeout: TimeSpan.FromMilliseconds(300)), ClientId, Tenant, new Secret("s"));

        var started = DateTime.UtcNow;
        var e = await Assert.ThrowsAsync<HelperException>(() => source.GetTokenAsync(Request(), CancellationToken.None));

        Assert.Contains("time-out", e.Message);
        Assert.Contains("login.example.test", e.Message);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10), "gave up in time");
    }
}
