using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Emulator.DevOps.Lfs;

/// <summary>
/// The Git LFS API of a repository, at the URL git-lfs derives from the remote
/// ({remote}.git/info/lfs, or {remote}/info/lfs): POST objects/batch, then the basic transfer's
/// GET/PUT objects/{oid} and POST verify (git-lfs docs/api: batch.md, basic-transfers.md). The caller
/// is authenticated before this runs, exactly as for git. Transfer actions carry no header and no
/// "authenticated" flag: git-lfs then authenticates each transfer itself, as it did the batch request
/// (its credential helper, or http.extraHeader), and no token is ever written into a response body.
/// </summary>
internal sealed class LfsEndpoint(EmulatorContext context)
{
    private static readonly TimeSpan ActionLifetime = TimeSpan.FromHours(1);

    /// <summary>True for {…}/info/lfs/… paths (the part after the repository name).</summary>
    public static bool Matches(IReadOnlyList<string> rest) => rest.Count >= 2 && rest[0] == "info" && rest[1] == "lfs";

    /// <param name="lfsBase">The repository's LFS URL without a trailing '/', as git-lfs reached it.</param>
    public async Task HandleAsync(HttpContext http, Caller caller, string bareRepository, string lfsBase, IReadOnlyList<string> rest)
    {
        context.Stats.LfsRequest(caller.IsBearer);
        var store = new LfsObjectStore(bareRepository);
        var method = http.Request.Method;
        if (HttpMethods.IsPost(method) && !LfsReplies.AcceptsLfsJson(http.Request))
        {
            await LfsReplies.ErrorAsync(http, StatusCodes.Status406NotAcceptable, $"The Accept header needs to be {LfsReplies.MediaType}.");
            return;
        }

        switch (rest.Skip(2).ToArray())
        {
            case ["objects", "batch"] when HttpMethods.IsPost(method):
                await BatchAsync(http, store, lfsBase);
                return;
            case ["objects", var oid] when HttpMethods.IsGet(method) && LfsObjectStore.IsValidOid(oid):
                await DownloadAsync(http, store, oid);
                return;
            case ["objects", var oid] when HttpMethods.IsPut(method) && LfsObjectStore.IsValidOid(oid):
                await UploadAsync(http, store, oid);
                return;
            case ["verify"] when HttpMethods.IsPost(method):
                await VerifyAsync(http, store);
                return;
            default:
                // Includes the locking API (locks, locks/verify), which Azure Repos does not offer.
                await LfsReplies.ErrorAsync(http, StatusCodes.Status404NotFound, "Not found");
                return;
        }
    }

    private async Task BatchAsync(HttpContext http, LfsObjectStore store, string lfsBase)
    {
        var request = await ReadJsonAsync(http);
        var operation = (string?)request?["operation"];
        if (request is null || operation is not ("download" or "upload") || request["objects"] is not JsonArray objects)
        {
            await LfsReplies.ErrorAsync(http, StatusCodes.Status422UnprocessableEntity, "The batch request must name an operation (download or upload) and objects.");
            return;
        }

        if (request["transfers"] is JsonArray transfers && !transfers.Any(t => (string?)t == "basic"))
        {
            await LfsReplies.ErrorAsync(http, StatusCodes.Status422UnprocessableEntity, "Only the basic transfer adapter is supported.");
            return;
        }

        var hashAlgorithm = (string?)request["hash_algo"] ?? "sha256";
        var answered = new JsonArray();
        foreach (var item in objects)
        {
            var oid = (string?)item?["oid"] ?? string.Empty;
            var size = item?["size"] is JsonValue sizeValue && sizeValue.TryGetValue<long>(out var s) ? s : -1;
            var entry = new JsonObject { ["oid"] = oid, ["size"] = size };
            if (hashAlgorithm != "sha256")
            {
                entry["error"] = Error(409, $"The hash algorithm '{hashAlgorithm}' is not supported; use sha256.");
            }
            else if (!LfsObjectStore.IsValidOid(oid) || size < 0)
            {
                entry["error"] = Error(422, "The object needs a SHA-256 oid (64 lower-case hex digits) and a size of at least zero.");
            }
            else if (operation == "download")
            {
                if (store.SizeOf(oid) is { } stored)
                {
                    entry["size"] = stored;
                    entry["actions"] = new JsonObject { ["download"] = Action($"{lfsBase}/objects/{oid}") };
                }
                else
                {
                    entry["error"] = Error(404, "Object does not exist");
                }
            }
            else if (store.SizeOf(oid) is null)
            {
                // An object the server already has gets no actions: the client skips it.
                entry["actions"] = new JsonObject
                {
                    ["upload"] = Action($"{lfsBase}/objects/{oid}"),
                    ["verify"] = Action($"{lfsBase}/verify"),
                };
            }

            answered.Add(entry);
        }

        context.Stats.LfsBatch();
        await LfsReplies.JsonAsync(http, StatusCodes.Status200OK, new JsonObject
        {
            ["transfer"] = "basic",
            ["objects"] = answered,
            ["hash_algo"] = "sha256",
        });
    }

    private async Task DownloadAsync(HttpContext http, LfsObjectStore store, string oid)
    {
        if (store.SizeOf(oid) is not { } size)
        {
            await LfsReplies.ErrorAsync(http, StatusCodes.Status404NotFound, "Object does not exist");
            return;
        }

        context.Stats.LfsDownload();
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/octet-stream";
        http.Response.ContentLength = size;
        await http.Response.SendFileAsync(store.PathOf(oid));
    }

    private async Task UploadAsync(HttpContext http, LfsObjectStore store, string oid)
    {
        if (!await store.StoreAsync(oid, http.Request.ContentLength, http.Request.Body, http.RequestAborted))
        {
            await LfsReplies.ErrorAsync(http, StatusCodes.Status422UnprocessableEntity, $"The uploaded bytes do not hash to {oid}.");
            return;
        }

        context.Stats.LfsUpload();
        http.Response.StatusCode = StatusCodes.Status200OK;
    }

    private static async Task VerifyAsync(HttpContext http, LfsObjectStore store)
    {
        var request = await ReadJsonAsync(http);
        var oid = (string?)request?["oid"] ?? string.Empty;
        var size = request?["size"] is JsonValue value && value.TryGetValue<long>(out var s) ? s : -1;
        if (!LfsObjectStore.IsValidOid(oid) || store.SizeOf(oid) is not { } stored)
        {
            await LfsReplies.ErrorAsync(http, StatusCodes.Status404NotFound, "Object does not exist");
            return;
        }

        if (stored != size)
        {
            await LfsReplies.ErrorAsync(http, StatusCodes.Status422UnprocessableEntity, $"Object {oid} has {stored} bytes, not {size}.");
            return;
        }

        await LfsReplies.JsonAsync(http, StatusCodes.Status200OK, new JsonObject { ["message"] = "ok" });
    }

    private static JsonObject Action(string href) => new()
    {
        ["href"] = href,
        ["expires_in"] = (long)ActionLifetime.TotalSeconds,
        ["expires_at"] = DateTimeOffset.UtcNow.Add(ActionLifetime).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
    };

    private static JsonObject Error(int code, string message) => new() { ["code"] = code, ["message"] = message };

    private static async Task<JsonNode?> ReadJsonAsync(HttpContext http)
    {
        try
        {
            return await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
