using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using GitEntraHelper.TokenCache;
using Xunit.Abstractions;

namespace GitEntraHelper.Tests.TokenCache;

/// <summary>
/// The kernel keyring's payload: compressed MSAL cache, shed in the documented order. The sizes here are
/// the budget README and docs/ARCHITECTURE.md quote: MSAL-shaped caches (the emulator's layout) whose
/// secrets are random base64url at real Entra lengths — access token 2,300 characters, ID token 1,450,
/// refresh token 1,550 — so they compress no better than real tokens would (a worst case: real JWTs
/// share headers and claim names).
/// </summary>
public sealed class KernelCachePayloadTests(ITestOutputHelper output)
{
    /// <summary>
    /// kernel.keys.maxbytes for a user who is not root, less our keyrings' and key's descriptions (the memory
    /// cache's entries are emptied first when the quota is short, so they do not count).
    /// </summary>
    private const int NonRootBudget = 20_000 - 200;

    [Fact]
    public void The_cache_round_trips_compressed()
    {
        byte[] json = Cache(accounts: 1, tenants: 1);
        byte[] payload = KernelCachePayload.Encode(json);

        Assert.Equal(json, KernelCachePayload.Decode(payload));
        Assert.StartsWith("gce1", Encoding.ASCII.GetString(payload, 0, 4), StringComparison.Ordinal);
        Assert.True(payload.Length < json.Length * 0.8, $"{payload.Length} of {json.Length}");
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"AccessToken\":{}}")] // MSAL's JSON, but not written by us
    [InlineData("gce1\u0001not brotli at all")]
    [InlineData("gce1\u0002")]
    public void A_payload_that_is_not_ours_or_does_not_decompress_is_corrupt_and_kept_for_setting_aside(string stored)
    {
        byte[] raw = Encoding.UTF8.GetBytes(stored);

        var e = Assert.Throws<CacheCorruptException>(() => KernelCachePayload.Decode(raw));

        Assert.Equal(raw, e.Raw);
    }

    [Fact]
    public void Candidates_shed_access_tokens_then_id_tokens_and_always_keep_accounts_and_refresh_tokens()
    {
        byte[] json = Cache(accounts: 2, tenants: 2);

        var candidates = KernelCachePayload.Candidates(json).Select(c => (Json: JsonNode.Parse(KernelCachePayload.Decode(c.Payload))!.AsObject(), c.LeftOut)).ToList();

        Assert.Equal(3, candidates.Count);
        Assert.Null(candidates[0].LeftOut);
        Assert.Equal("4 access token(s) (refreshed silently when needed)", candidates[1].LeftOut);
        Assert.Equal("4 access token(s) and 4 ID token(s) (renewed with the next refresh)", candidates[2].LeftOut);
        Assert.All(candidates, c => Assert.Equal(2, c.Json["RefreshToken"]!.AsObject().Count));
        Assert.All(candidates, c => Assert.Equal(4, c.Json["Account"]!.AsObject().Count));
        Assert.All(candidates, c => Assert.NotNull(c.Json["AppMetadata"]));
        Assert.False(candidates[1].Json.ContainsKey("AccessToken"));
        Assert.True(candidates[1].Json.ContainsKey("IdToken"));
        Assert.False(candidates[2].Json.ContainsKey("IdToken"));
    }

    [Fact]
    public void A_cache_without_access_tokens_has_one_candidate()
    {
        JsonObject cache = JsonNode.Parse(Cache(accounts: 1, tenants: 1))!.AsObject();
        cache.Remove("AccessToken");

        Assert.Single(KernelCachePayload.Candidates(Encoding.UTF8.GetBytes(cache.ToJsonString())));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 1)]
    [InlineData(3, 2)]
    [InlineData(5, 2)]
    [InlineData(8, 1)]
    [InlineData(12, 1)]
    [InlineData(16, 1)]
    public void What_fits_a_non_root_users_quota(int accounts, int tenants)
    {
        byte[] json = Cache(accounts, tenants);
        int[] sizes = [.. KernelCachePayload.Candidates(json).Select(c => c.Payload.Length)];
        output.WriteLine($"{accounts} account(s) x {tenants} tenant(s): JSON {json.Length} bytes; compressed {sizes[0]}, without access tokens {sizes[1]}, "
            + $"without access and ID tokens {sizes[2]} (budget {NonRootBudget})");

        // What README states: up to 3 accounts keep everything; 3 to 5 accounts in 2 tenants each keep their
        // sign-ins once access tokens go; past that ID tokens go too, and about 12 accounts are the most a
        // non-root user's default quota holds.
        int firstFit = Array.FindIndex(sizes, s => s <= NonRootBudget);
        int expected = (accounts, tenants) switch
        {
            ( <= 3, 1) => 0,
            (3 or 5, 2) => 1,
            (8 or 12, 1) => 2,
            _ => -1,
        };
        Assert.True(expected == firstFit, $"first candidate that fits: {firstFit}, expected {expected}; sizes {string.Join(", ", sizes)}");
    }

    /// <summary>An MSAL v3 cache as the emulator's sign-ins leave it, with secrets at real Entra lengths.</summary>
    internal static byte[] Cache(int accounts, int tenants)
    {
        const string Client = "872cd9fa-d31f-45e0-9eab-6e460a02d1f1";
        const string Environment = "login.microsoftonline.com";
        var root = new JsonObject
        {
            ["AccessToken"] = new JsonObject(),
            ["RefreshToken"] = new JsonObject(),
            ["IdToken"] = new JsonObject(),
            ["Account"] = new JsonObject(),
            ["AppMetadata"] = new JsonObject
            {
                [$"appmetadata-{Environment}-{Client}"] = new JsonObject { ["environment"] = Environment, ["client_id"] = Client },
            },
        };
        for (int a = 0; a < accounts; a++)
        {
            string oid = Guid.NewGuid().ToString(), home = Guid.NewGuid().ToString();
            string homeAccount = $"{oid}.{home}", clientInfo = Random(160);
            root["RefreshToken"]![$"{homeAccount}-{Environment}-refreshtoken-{Client}--"] = new JsonObject
            {
                ["home_account_id"] = homeAccount,
                ["environment"] = Environment,
                ["client_info"] = clientInfo,
                ["client_id"] = Client,
                ["secret"] = Random(1550),
                ["credential_type"] = "RefreshToken",
            };
            for (int t = 0; t < tenants; t++)
            {
                string realm = t == 0 ? home : Guid.NewGuid().ToString();
                const string Scopes = "499b84ac-1321-427f-aa17-267ca6975798/.default 499b84ac-1321-427f-aa17-267ca6975798/user_impersonation";
                root["AccessToken"]![$"{homeAccount}-{Environment}-accesstoken-{Client}-{realm}-{Scopes}"] = new JsonObject
                {
                    ["home_account_id"] = homeAccount,
                    ["environment"] = Environment,
                    ["client_info"] = clientInfo,
                    ["client_id"] = Client,
                    ["secret"] = Random(2300),
                    ["credential_type"] = "AccessToken",
                    ["realm"] = realm,
                    ["target"] = Scopes,
                    ["cached_at"] = "1796165772",
                    ["expires_on"] = "1796169371",
                    ["extended_expires_on"] = "1796169371",
                    ["ext_expires_on"] = "1796169371",
                };
                root["IdToken"]![$"{homeAccount}-{Environment}-idtoken-{Client}-{realm}-"] = new JsonObject
                {
                    ["home_account_id"] = homeAccount,
                    ["environment"] = Environment,
                    ["client_info"] = clientInfo,
                    ["client_id"] = Client,
                    ["secret"] = Random(1450),
                    ["credential_type"] = "IdToken",
                    ["realm"] = realm,
                };
                root["Account"]![$"{homeAccount}-{Environment}-{realm}"] = new JsonObject
                {
                    ["home_account_id"] = homeAccount,
                    ["environment"] = Environment,
                    ["client_info"] = clientInfo,
                    ["username"] = $"user{a}@contoso{t}.example",
                    ["name"] = $"User {a}",
                    ["local_account_id"] = oid,
                    ["authority_type"] = "MSSTS",
                    ["realm"] = realm,
                    ["account_source"] = "device_code_flow",
                };
            }
        }

        return Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    private static string Random(int length)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        return RandomNumberGenerator.GetString(Alphabet, length);
    }
}
