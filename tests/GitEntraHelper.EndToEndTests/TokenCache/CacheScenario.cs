using System.Text;
using System.Text.Json.Nodes;
using GitEntraHelper.EndToEndTests.Infrastructure;

namespace GitEntraHelper.EndToEndTests.TokenCache;

/// <summary>
/// A sandbox whose git uses the published helper against the emulator: the emulator's host declared
/// as Azure DevOps, device code sign-in that the emulator approves at once, and the token cache in the
/// given keyring session (or opted-in plain text).
/// </summary>
internal sealed class CacheScenario : IDisposable
{
    public const string Application = "git-credential-entra";

    private readonly EmulatorFixture _emulator;

    public CacheScenario(EmulatorFixture emulator, ISecretStore? keyring, bool plainText = false)
    {
        _emulator = emulator;
        Sandbox = new GitSandbox(GitKind.System, keyring);
        Sandbox.UseHelper();
        Sandbox.TrustCertificateAuthority(emulator.CaFile);
        Sandbox.SetConfig($"credential.{emulator.DevOpsUrl}.provider", "azure-devops");
        Sandbox.SetConfig($"credential.{emulator.DevOpsUrl}.useHttpPath", "true");
        Sandbox.SetConfig("credential.msauthFlow", "devicecode");
        Sandbox.SetConfig("credential.interactive", "always");
        Sandbox.Environment["AZURE_AUTHORITY_HOST"] = emulator.AuthorityHost;
        Sandbox.Environment["GIT_TERMINAL_PROMPT"] = null; // device code may be shown (the emulator approves it)
        if (plainText)
        {
            Sandbox.Environment["GIT_ENTRA_CACHE_PROTECTION"] = "plaintext";
        }
    }

    public GitSandbox Sandbox { get; }

    public string RepositoryUrl => _emulator.RepositoryUrl();

    public string TokenCacheDirectory => Path.Combine(Sandbox.HelperStateDirectory, "token-cache");

    public string PlainTextCacheFile => Path.Combine(TokenCacheDirectory, "user.msalcache.json");

    /// <summary>What git sends the helper for the contoso repository (no capability: Basic form).</summary>
    public string Request => $"protocol=https\nhost={new Uri(_emulator.DevOpsUrl).Authority}\npath=contoso/demo/_git/demo\n\n";

    public ProcessResult Clone(string directory = "demo") => Sandbox.Git("clone", RepositoryUrl, directory);

    /// <summary>Runs `get` like git does and returns the token (the password line).</summary>
    public string GetToken()
    {
        var result = Sandbox.Helper(Request, "get");
        Assert.True(result.ExitCode == 0, result.ToString());
        return PasswordOf(result);
    }

    public static string PasswordOf(ProcessResult result) =>
        result.StdOutLines.Select(l => l.Trim()).Single(l => l.StartsWith("password=", StringComparison.Ordinal))["password=".Length..];

    /// <summary>The stderr lines the helper itself printed (git prefixes nothing; we prefix our name).</summary>
    public static IReadOnlyList<string> HelperLines(ProcessResult result) =>
        result.HelperMessages; // each with its hint: lines

    /// <summary>The user cache as MSAL stored it in the Secret Service (base64 of MSAL's JSON), or null.</summary>
    [SupportedOSPlatform("linux")]
    public static string? KeyringCacheJson(KeyringSession keyring, string partition = "user") =>
        keyring.Lookup(("application", Application), ("partition", partition)) is { } stored
            ? Encoding.UTF8.GetString(Convert.FromBase64String(stored.Trim()))
            : null;

    /// <summary>Replaces the keyring entry exactly as the helper writes it (same attributes and schema).</summary>
    [SupportedOSPlatform("linux")]
    public static void StoreKeyringCache(KeyringSession keyring, string json, string partition = "user") =>
        keyring.Store($"{Application} token cache ({partition})", Convert.ToBase64String(Encoding.UTF8.GetBytes(json)),
            ("application", Application), ("partition", partition), ("xdg:schema", "git-credential-entra.TokenCache"));

    /// <summary>Marks every access token of an MSAL cache (JSON) expired, as an hour of waiting would.</summary>
    public static string ExpireAccessTokens(string json)
    {
        var cache = JsonNode.Parse(json)!.AsObject();
        var expired = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var count = 0;
        foreach (var (_, token) in cache["AccessToken"]!.AsObject())
        {
            token!["expires_on"] = expired;
            token["extended_expires_on"] = expired;
            token.AsObject().Remove("refresh_on");
            count++;
        }

        Assert.True(count > 0, "the cache holds no access token");
        return cache.ToJsonString();
    }

    /// <summary>The secrets (access and refresh tokens) an MSAL cache (JSON) holds.</summary>
    public static IReadOnlyList<string> SecretsIn(string json)
    {
        var cache = JsonNode.Parse(json)!.AsObject();
        return new[] { "AccessToken", "RefreshToken" }
            .SelectMany(kind => cache[kind]?.AsObject().Select(e => (string)e.Value!["secret"]!) ?? [])
            .ToList();
    }

    public void Dispose() => Sandbox.Dispose();
}
