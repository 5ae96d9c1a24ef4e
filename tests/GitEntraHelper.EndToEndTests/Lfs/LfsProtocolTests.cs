using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using GitEntraHelper.EndToEndTests.Emulator;
using GitEntraHelper.EndToEndTests.Infrastructure;

namespace GitEntraHelper.EndToEndTests.Lfs;

/// <summary>
/// The emulator's Git LFS API by raw HTTP, against git-lfs' docs/api (batch.md, basic-transfers.md):
/// the batch endpoint at both URLs git-lfs derives from a remote, per-object answers, the basic
/// upload / download / verify, and authentication exactly as for git (same 401 challenges; Bearer
/// or Basic with the token as password).
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class LfsProtocolTests(EmulatorFixture emulator)
{
    private const string LfsJson = "application/vnd.git-lfs+json";

    [OsFact(TestOs.All)]
    public async Task Anonymous_batch_gets_gits_challenge_with_an_lfs_json_body()
    {
        using var client = emulator.CreateHttpClient();
        using var response = await client.SendAsync(Batch(Lfs(".git"), "download", [], authorization: null));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(LfsJson, response.Content.Headers.ContentType!.MediaType);
        Assert.Contains($"Bearer authorization_uri={emulator.Authority}", response.Headers.WwwAuthenticate.Select(c => c.ToString()));
        Assert.Contains(response.Headers.WwwAuthenticate, c => c.Scheme == "Basic");
        Assert.Equal(emulator.TenantId, Assert.Single(response.Headers.GetValues("X-VSS-ResourceTenant")));
        Assert.Equal($"{emulator.DevOpsUrl}/_vssps/contoso/", Assert.Single(response.Headers.GetValues("X-VSS-AuthorizationEndpoint")));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.StartsWith("TF400813:", (string?)body["message"], StringComparison.Ordinal);
    }

    [OsTheory(TestOs.All)]
    [InlineData(".git")]
    [InlineData("")]
    public async Task Upload_verify_and_download_through_the_batch_answers(string suffix)
    {
        var token = (await EmulatorSignIn.AsAsync(emulator, emulator.User)).AccessToken;
        var bearer = new AuthenticationHeaderValue("Bearer", token);
        var content = RandomNumberGenerator.GetBytes(4096 + suffix.Length);
        var oid = Convert.ToHexStringLower(SHA256.HashData(content));
        using var client = emulator.CreateHttpClient();
        long uploads = await emulator.StatAsync("lfsUploads");

        var upload = await BatchAsync(client, Batch(Lfs(suffix), "upload", [(oid, content.Length)], bearer));
        Assert.Equal("basic", (string?)upload["transfer"]);
        Assert.Equal("sha256", (string?)upload["hash_algo"]);
        var item = Assert.Single(upload["objects"]!.AsArray())!;
        Assert.Null(item["authenticated"]); // git-lfs authenticates the transfers itself, as for the batch
        var put = item["actions"]!["upload"]!;
        var verify = item["actions"]!["verify"]!;
        Assert.Equal($"{Lfs(suffix)}/objects/{oid}", (string?)put["href"]);
        Assert.Null(put["header"]);
        Assert.True((int)put["expires_in"]! > 0);
        Assert.DoesNotContain(token, upload.ToJsonString(), StringComparison.Ordinal);

        using (var anonymous = Send(HttpMethod.Put, (string)put["href"]!, null, new ByteArrayContent(content)))
        using (var challenged = await client.SendAsync(anonymous))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, challenged.StatusCode);
        }

        using (var wrong = Send(HttpMethod.Put, (string)put["href"]!, bearer, new ByteArrayContent(Encoding.ASCII.GetBytes("not those bytes"))))
        using (var refused = await client.SendAsync(wrong))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        }

        using (var right = Send(HttpMethod.Put, (string)put["href"]!, bearer, new ByteArrayContent(content)))
        using (var stored = await client.SendAsync(right))
        {
            Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        }

        Assert.Equal(uploads + 1, await emulator.StatAsync("lfsUploads"));
        Assert.Equal(HttpStatusCode.OK, await VerifyAsync(client, verify, bearer, oid, content.Length));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, await VerifyAsync(client, verify, bearer, oid, content.Length + 1));

        var again = await BatchAsync(client, Batch(Lfs(suffix), "upload", [(oid, content.Length)], bearer));
        Assert.Null(Assert.Single(again["objects"]!.AsArray())!["actions"]); // the server has it: nothing to do

        var download = await BatchAsync(client, Batch(Lfs(suffix), "download", [(oid, content.Length)], bearer));
        var get = Assert.Single(download["objects"]!.AsArray())!["actions"]!["download"]!;
        using var fetch = Send(HttpMethod.Get, (string)get["href"]!, bearer, null);
        using var fetched = await client.SendAsync(fetch);
        Assert.Equal("application/octet-stream", fetched.Content.Headers.ContentType!.MediaType);
        Assert.Equal(content, await fetched.Content.ReadAsByteArrayAsync());
    }

    [OsFact(TestOs.All)]
    public async Task Per_object_errors_for_a_missing_object_and_a_bad_oid()
    {
        var bearer = new AuthenticationHeaderValue("Bearer", (await EmulatorSignIn.AsAsync(emulator, emulator.User)).AccessToken);
        using var client = emulator.CreateHttpClient();
        var missing = new string('a', 64);

        var answer = await BatchAsync(client, Batch(Lfs(".git"), "download", [(missing, 10), ("not-an-oid", 10)], bearer));

        var objects = answer["objects"]!.AsArray();
        Assert.Equal(404, (int)objects[0]!["error"]!["code"]!);
        Assert.Equal(422, (int)objects[1]!["error"]!["code"]!);
        Assert.All(objects, o => Assert.Null(o!["actions"]));
    }

    [OsFact(TestOs.All)]
    public async Task Basic_with_the_token_as_password_is_accepted_as_for_git_and_counted_apart()
    {
        var token = (await EmulatorSignIn.AsAsync(emulator, emulator.User)).AccessToken;
        var basic = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("anything:" + token)));
        using var client = emulator.CreateHttpClient();
        long basicRequests = await emulator.StatAsync("lfsBasicRequests");
        long bearerRequests = await emulator.StatAsync("lfsBearerRequests");

        var answer = await BatchAsync(client, Batch(Lfs(".git"), "download", [(new string('b', 64), 1)], basic));

        Assert.Single(answer["objects"]!.AsArray());
        Assert.Equal(basicRequests + 1, await emulator.StatAsync("lfsBasicRequests"));
        Assert.Equal(bearerRequests, await emulator.StatAsync("lfsBearerRequests"));
    }

    [OsFact(TestOs.All)]
    public async Task The_batch_needs_the_lfs_media_type_in_accept_and_a_known_transfer()
    {
        var bearer = new AuthenticationHeaderValue("Bearer", (await EmulatorSignIn.AsAsync(emulator, emulator.User)).AccessToken);
        using var client = emulator.CreateHttpClient();

        using var noAccept = Batch(Lfs(".git"), "download", [], bearer);
        noAccept.Headers.Accept.Clear();
        noAccept.Headers.Accept.ParseAdd("application/json");
        using var refused = await client.SendAsync(noAccept);
        Assert.Equal(HttpStatusCode.NotAcceptable, refused.StatusCode);

        using var tus = Batch(Lfs(".git"), "upload", [], bearer, transfers: ["tus"]);
        using var unsupported = await client.SendAsync(tus);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unsupported.StatusCode);
    }

    private string Lfs(string suffix) => $"{emulator.RepositoryUrl()}{suffix}/info/lfs";

    private static HttpRequestMessage Batch(string lfs, string operation, (string Oid, long Size)[] objects, AuthenticationHeaderValue? authorization, string[]? transfers = null)
    {
        var body = new JsonObject
        {
            ["operation"] = operation,
            ["transfers"] = new JsonArray((transfers ?? ["lfs-standalone-file", "basic", "ssh"]).Select(t => (JsonNode?)t).ToArray()),
            ["ref"] = new JsonObject { ["name"] = "refs/heads/main" },
            ["objects"] = new JsonArray(objects.Select(o => (JsonNode?)new JsonObject { ["oid"] = o.Oid, ["size"] = o.Size }).ToArray()),
            ["hash_algo"] = "sha256",
        };
        var request = new HttpRequestMessage(HttpMethod.Post, lfs + "/objects/batch")
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, LfsJson),
        };
        request.Headers.Accept.ParseAdd(LfsJson);
        request.Headers.Authorization = authorization;
        return request;
    }

    private static async Task<JsonObject> BatchAsync(HttpClient client, HttpRequestMessage request)
    {
        using (request)
        using (var response = await client.SendAsync(request))
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
            Assert.Equal(LfsJson, response.Content.Headers.ContentType!.MediaType);
            return JsonNode.Parse(text)!.AsObject();
        }
    }

    private static async Task<HttpStatusCode> VerifyAsync(HttpClient client, JsonNode verify, AuthenticationHeaderValue authorization, string oid, long size)
    {
        var body = new StringContent(new JsonObject { ["oid"] = oid, ["size"] = size }.ToJsonString(), Encoding.UTF8, LfsJson);
        using var request = Send(HttpMethod.Post, (string)verify["href"]!, authorization, body);
        request.Headers.Accept.ParseAdd(LfsJson);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>A transfer request to an action's href, authenticated as the client authenticates the batch.</summary>
    private static HttpRequestMessage Send(HttpMethod method, string href, AuthenticationHeaderValue? authorization, HttpContent? content)
    {
        var request = new HttpRequestMessage(method, href) { Content = content };
        request.Headers.Authorization = authorization;
        return request;
    }
}
