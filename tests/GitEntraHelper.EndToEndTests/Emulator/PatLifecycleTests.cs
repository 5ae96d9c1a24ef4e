using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using GitEntraHelper.EndToEndTests.Infrastructure;

namespace GitEntraHelper.EndToEndTests.Emulator;

/// <summary>
/// Personal access tokens seeded through /seed-pats: each opens git by Basic auth until revoked, and the
/// PAT lifecycle API at the organization's vssps endpoint (named by X-VSS-AuthorizationEndpoint) lists
/// them page by page and revokes them, for a signed-in Entra user only.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class PatLifecycleTests(EmulatorFixture emulator)
{
    private const string ApiVersion = "api-version=7.1-preview.1";

    [OsFact(TestOs.All)]
    public async Task Seeded_tokens_are_listed_page_by_page_with_their_metadata_and_no_secret()
    {
        long active = await emulator.StatAsync("activePats");
        var seeded = await SeedAsync(25);
        Assert.Equal(active + 25, await emulator.StatAsync("activePats"));
        var pats = await PatsUrlAsync();
        using var client = await UserClientAsync();

        var pages = new List<JsonObject>();
        var continuation = string.Empty;
        do
        {
            var url = $"{pats}?{ApiVersion}&$top=10" + (continuation.Length > 0 ? "&continuationToken=" + Uri.EscapeDataString(continuation) : string.Empty);
            using var response = await client.GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.All(seeded, s => Assert.DoesNotContain((string)s["token"]!, body, StringComparison.Ordinal));
            var page = JsonNode.Parse(body)!.AsObject();
            pages.Add(page);
            continuation = (string)page["continuationToken"]!;
        }
        while (continuation.Length > 0 && pages.Count < 20);

        var listed = pages.SelectMany(p => p["patTokens"]!.AsArray()).Select(t => t!.AsObject()).ToList();
        Assert.True(pages.Count >= 3, $"{listed.Count} tokens came in {pages.Count} pages of 10");
        Assert.All(pages.SkipLast(1), p => Assert.Equal(10, p["patTokens"]!.AsArray().Count));
        Assert.Equal(string.Empty, (string?)pages[^1]["continuationToken"]);
        Assert.Equal(listed.Count, listed.Select(t => (string)t["authorizationId"]!).Distinct().Count());
        foreach (var id in seeded.Select(s => (string)s["authorizationId"]!))
        {
            Assert.Contains(listed, t => (string?)t["authorizationId"] == id);
        }

        Assert.All(listed, t =>
        {
            Assert.Null(t["token"]);
            Assert.True(Guid.TryParse((string?)t["authorizationId"], out _));
            Assert.False(string.IsNullOrEmpty((string?)t["displayName"]));
            Assert.False(string.IsNullOrEmpty((string?)t["scope"]));
            Assert.True(Guid.TryParse((string?)Assert.Single(t["targetAccounts"]!.AsArray()), out _));
            Assert.True(DateTimeOffset.Parse((string)t["validFrom"]!) < DateTimeOffset.UtcNow);
            Assert.True(DateTimeOffset.Parse((string)t["validTo"]!) > DateTimeOffset.UtcNow);
        });
        Assert.Contains(listed, t => (string?)t["scope"] == "app_token"); // full access
        Assert.Contains(listed, t => DateTimeOffset.Parse((string)t["validTo"]!) > DateTimeOffset.UtcNow.AddDays(360)); // a year
        var names = listed.Select(t => (string)t["displayName"]!).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names); // default order: by name, ascending
    }

    [OsFact(TestOs.All)]
    public async Task One_token_is_read_by_its_authorization_id_and_others_are_not_found()
    {
        var seeded = Assert.Single(await SeedAsync(1));
        var pats = await PatsUrlAsync();
        using var client = await UserClientAsync();

        var one = await JsonAsync(client, $"{pats}?{ApiVersion}&authorizationId={seeded["authorizationId"]}", HttpStatusCode.OK);
        var missing = await JsonAsync(client, $"{pats}?{ApiVersion}&authorizationId={Guid.NewGuid()}", HttpStatusCode.NotFound);
        var invalid = await JsonAsync(client, $"{pats}?{ApiVersion}&authorizationId=not-a-guid", HttpStatusCode.BadRequest);

        Assert.Equal("none", (string?)one["patTokenError"]);
        Assert.Equal((string?)seeded["displayName"], (string?)one["patToken"]!["displayName"]);
        Assert.Null(one["patToken"]!["token"]);
        Assert.Equal("authorizationNotFound", (string?)missing["patTokenError"]);
        Assert.Null(missing["patToken"]);
        Assert.Equal("invalidAuthorizationId", (string?)invalid["patTokenError"]);
    }

    [OsFact(TestOs.All)]
    public async Task A_live_token_clones_and_pushes_and_a_revoked_one_is_refused()
    {
        var seeded = Assert.Single(await SeedAsync(1));
        var secret = (string)seeded["token"]!;
        using var git = EmulatorGit.Sandbox(emulator);
        var clone = Path.Combine(git.WorkDirectory, "pat");
        var withPat = EmulatorGit.WithBasicCredentials(emulator.RepositoryUrl(), secret, "pat-user");
        (await git.GitAsync(["-c", "credential.helper=", "clone", withPat, clone])).EnsureSuccess();
        Assert.True(File.Exists(Path.Combine(clone, "README.md")));
        var fabrikam = await git.GitAsync(["-c", "credential.helper=", "ls-remote", EmulatorGit.WithBasicCredentials(emulator.RepositoryUrl("fabrikam"), secret)]);
        Assert.Contains("remote: TF400813:", fabrikam.StdErr, StringComparison.Ordinal); // scoped to contoso only

        long active = await emulator.StatAsync("activePats");
        using var client = await UserClientAsync();
        using (var revoke = await client.DeleteAsync($"{await PatsUrlAsync()}?{ApiVersion}&authorizationId={seeded["authorizationId"]}"))
        {
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
            Assert.Equal(string.Empty, await revoke.Content.ReadAsStringAsync());
        }

        Assert.Equal(active - 1, await emulator.StatAsync("activePats"));
        var refused = await git.InAsync(clone, "-c", "credential.helper=", "fetch", withPat);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("remote: Access Denied: The Personal Access Token used has been revoked.", refused.StdErr, StringComparison.Ordinal);
        Assert.Contains("Authentication failed", refused.StdErr, StringComparison.Ordinal);

        var revoked = await JsonAsync(client, $"{await PatsUrlAsync()}?{ApiVersion}&displayFilterOption=revoked&$top=100", HttpStatusCode.OK);
        Assert.Contains(revoked["patTokens"]!.AsArray(), t => (string?)t!["authorizationId"] == (string?)seeded["authorizationId"]);
    }

    [OsFact(TestOs.All)]
    public async Task Revoking_every_listed_token_leaves_none_active()
    {
        await SeedAsync(7);
        var pats = await PatsUrlAsync();
        using var client = await UserClientAsync();

        var ids = new List<string>();
        var continuation = string.Empty;
        do
        {
            var page = await JsonAsync(client, $"{pats}?{ApiVersion}&continuationToken={Uri.EscapeDataString(continuation)}", HttpStatusCode.OK);
            ids.AddRange(page["patTokens"]!.AsArray().Select(t => (string)t!["authorizationId"]!));
            continuation = (string)page["continuationToken"]!;
        }
        while (continuation.Length > 0);

        Assert.True(ids.Count >= 7);
        foreach (var id in ids)
        {
            using var revoke = await client.DeleteAsync($"{pats}?{ApiVersion}&authorizationId={id}");
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        }

        var after = await JsonAsync(client, $"{pats}?{ApiVersion}", HttpStatusCode.OK);
        Assert.Empty(after["patTokens"]!.AsArray());
        Assert.Equal(string.Empty, (string?)after["continuationToken"]);
        Assert.Equal(0, await emulator.StatAsync("activePats"));
    }

    [OsFact(TestOs.All)]
    public async Task Only_a_signed_in_entra_user_of_the_organization_may_call_it()
    {
        var secret = (string)Assert.Single(await SeedAsync(1))["token"]!;
        var pats = $"{await PatsUrlAsync()}?{ApiVersion}";
        using var client = emulator.CreateHttpClient();

        // A PAT: the recorded InvalidAccessException (vsts-rest-api-specs#571).
        using (var withPat = Request(pats, new AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("me:" + secret)))))
        using (var response = await client.SendAsync(withPat))
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.Equal("The requested operation is not allowed.", (string?)error["message"]);
            Assert.Equal("InvalidAccessException", (string?)error["typeKey"]);
        }

        // An app token: the recorded redirect to the sign-in page (azure-devops-docs#13661).
        var app = await EmulatorMsal.ConfidentialClient(emulator, emulator["EMULATOR_SP_CLIENT_ID"])
            .WithClientSecret(emulator["EMULATOR_SP_CLIENT_SECRET"]).Build()
            .AcquireTokenForClient(EmulatorMsal.AzureDevOpsScopes).ExecuteAsync();
        using (var withApp = Request(pats, new AuthenticationHeaderValue("Bearer", app.AccessToken)))
        using (var response = await client.SendAsync(withApp))
        {
            Assert.Equal(HttpStatusCode.Found, response.StatusCode);
            Assert.StartsWith($"{emulator.DevOpsUrl}/_signin?realm=", response.Headers.Location!.ToString(), StringComparison.Ordinal);
            Assert.Contains("Object moved", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // Anonymous, another organization's user, a token for another resource: Azure DevOps' usual 401s.
        await AssertUnauthorizedAsync(client, pats, null, "TF400813: Resource not available for anonymous access.");
        var bob = (await EmulatorSignIn.AsAsync(emulator, emulator["EMULATOR_USER2"])).AccessToken;
        await AssertUnauthorizedAsync(client, pats, bob, $"TF400813: The user '{emulator.TenantId}\\{emulator["EMULATOR_USER2"]}' is not authorized");
        var graph = (await EmulatorSignIn.AsAsync(emulator, emulator.User, scopes: ["00000003-0000-0000-c000-000000000000/.default"])).AccessToken;
        await AssertUnauthorizedAsync(client, pats, graph, "VS30063: You are not authorized to access");
    }

    [OsFact(TestOs.All)]
    public async Task The_api_version_must_be_given_and_be_a_preview()
    {
        var pats = await PatsUrlAsync();
        using var client = await UserClientAsync();

        var missing = await JsonAsync(client, pats, HttpStatusCode.BadRequest);
        var released = await JsonAsync(client, pats + "?api-version=7.1", HttpStatusCode.BadRequest);

        Assert.Equal("VssVersionNotSpecifiedException", (string?)missing["typeKey"]);
        Assert.StartsWith("No api-version was supplied for the \"GET\" request.", (string?)missing["message"], StringComparison.Ordinal);
        Assert.Equal("VssInvalidPreviewVersionException", (string?)released["typeKey"]);
        Assert.Contains("The -preview flag must be supplied", (string?)released["message"], StringComparison.Ordinal);
    }

    [OsFact(TestOs.All)]
    public async Task A_continuation_token_holds_only_for_the_options_it_was_made_with()
    {
        await SeedAsync(3);
        var pats = await PatsUrlAsync();
        using var client = await UserClientAsync();

        var first = await JsonAsync(client, $"{pats}?{ApiVersion}&$top=1&sortByOption=displayDate&isSortAscending=false", HttpStatusCode.OK);
        var token = Uri.EscapeDataString((string)first["continuationToken"]!);
        var next = await JsonAsync(client, $"{pats}?{ApiVersion}&$top=1&sortByOption=displayDate&isSortAscending=false&continuationToken={token}", HttpStatusCode.OK);
        var otherOptions = await JsonAsync(client, $"{pats}?{ApiVersion}&$top=1&continuationToken={token}", HttpStatusCode.BadRequest);

        var validTo = (JsonObject page) => DateTimeOffset.Parse((string)page["patTokens"]![0]!["validTo"]!);
        Assert.True(validTo(first) >= validTo(next));
        Assert.NotEqual((string?)first["patTokens"]![0]!["authorizationId"], (string?)next["patTokens"]![0]!["authorizationId"]);
        Assert.Contains("continuation token", (string?)otherOptions["message"], StringComparison.Ordinal);
    }

    private async Task<List<JsonObject>> SeedAsync(int count) =>
        (await emulator.AdminJsonAsync($"/seed-pats?count={count}"))["patTokens"]!.AsArray().Select(t => t!.AsObject()).ToList();

    /// <summary>{vssps}_apis/tokens/pats, with the vssps endpoint read from contoso's anonymous 401, as a client would.</summary>
    private async Task<string> PatsUrlAsync()
    {
        using var client = emulator.CreateHttpClient();
        using var response = await client.GetAsync(emulator.DevOpsUrl + "/contoso");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var vssps = Assert.Single(response.Headers.GetValues("X-VSS-AuthorizationEndpoint"));
        Assert.Equal($"{emulator.DevOpsUrl}/_vssps/contoso/", vssps);
        return vssps + "_apis/tokens/pats";
    }

    private async Task<HttpClient> UserClientAsync()
    {
        var token = (await EmulatorSignIn.AsAsync(emulator, emulator.User)).AccessToken;
        var client = emulator.CreateHttpClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static HttpRequestMessage Request(string url, AuthenticationHeaderValue? authorization)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = authorization;
        return request;
    }

    private static async Task<JsonObject> JsonAsync(HttpClient client, string url, HttpStatusCode expected)
    {
        using var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{url} → {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    private static async Task AssertUnauthorizedAsync(HttpClient client, string url, string? bearer, string message)
    {
        using var request = Request(url, bearer is null ? null : new AuthenticationHeaderValue("Bearer", bearer));
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(response.Headers.WwwAuthenticate, c => c.Scheme == "Bearer");
    }
}
