using System.Globalization;
using System.Text;
using GitEntraHelper.Diagnostics;
using GitEntraHelper.Platform;
using GitEntraHelper.TokenCache;

namespace GitEntraHelper.MemoryCache;

/// <summary>
/// What a request's answer depends on: <paramref name="Scope"/> (protocol, host, first path segment,
/// user name — compared exactly on a hit, so a crafted URL can never share another's entry) and
/// <paramref name="Context"/> (Scope plus fingerprints of git config and environment; hashed only).
/// </summary>
public sealed record MemoryCacheKey(string Scope, string Context);

/// <summary>A token the memory cache handed back, or its record that the request is not ours.</summary>
public sealed record MemoryCacheEntry(Secret Token, DateTimeOffset ExpiresOn, string Identity)
{
    /// <summary>git config, as it is now, declares no Azure DevOps host for this request: no answer.</summary>
    public bool NotOurs => Token.IsEmpty;
}

/// <summary>
/// The hot tier in front of the token cache (Linux): the access token a `get` answered with, kept in
/// the kernel keyring until five minutes before it expires, so the next `get` for the same request in
/// the same configuration answers from two system calls, without git config, the Secret Service or
/// MSAL. A request maps to a token through a small "route" key (its context hash → token key); each
/// token is stored once, however many repositories use it. Entries live in one keyring per token-cache
/// location, linked from the session keyring and possessor-only (<see cref="KernelKeyring"/>): no wider
/// than the token cache's own reach; erase, logout and account changes clear it.
/// </summary>
public sealed class MemoryTokenCache
{
    /// <summary>How long a "not ours" decision is kept: it holds as long as the configuration does.</summary>
    public static readonly TimeSpan NotOursLifetime = TimeSpan.FromHours(12);

    /// <summary>As MSAL: a token in its last five minutes is never handed out; the slow path refreshes it.</summary>
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    private const string Version = "1";
    private readonly IKernelKeyring _keyring;
    private readonly TimeProvider _clock;
    private readonly string _name;

    public MemoryTokenCache(IKernelKeyring keyring, HelperPaths paths, TimeProvider clock)
    {
        _keyring = keyring;
        _clock = clock;
        _name = KernelKeyringNames.MemoryCache(paths.StateDirectory);
    }

    /// <summary>The keyring's name (for traces and tests).</summary>
    public string KeyringName => _name;

    /// <summary>Which session keyring ours hangs off, and so who can reach it (for diagnose).</summary>
    public SessionReach Session => _keyring.Session;

    /// <summary>Null when the kernel lets us keep tokens here, else why not (for diagnose).</summary>
    public string? Probe() => OurKeyring(out string? refused) is null ? refused : null;

    /// <summary>The token remembered for <paramref name="key"/>, if the variables its run read still hold the same values.</summary>
    public MemoryCacheEntry? TryGet(MemoryCacheKey key, IEnvironmentVariables environment)
    {
        if (_keyring.Search("user", RouteDescription(key)) is not { } route || _keyring.Read(route) is not { } routePayload)
        {
            return null;
        }

        string[] routeLines = Encoding.UTF8.GetString(routePayload).Split('\n', 5);
        if (routeLines is not [Version, var scope, var tokenDescription, var digest, var names] || scope != key.Scope
            || digest != RecordingEnvironment.Digest(environment, names.Split('\0', StringSplitOptions.RemoveEmptyEntries)))
        {
            return null;
        }

        if (tokenDescription == NotOursMarker)
        {
            return new MemoryCacheEntry(default, DateTimeOffset.MaxValue, "nobody (not ours)");
        }

        if (!tokenDescription.StartsWith(_name + "/t/", StringComparison.Ordinal))
        {
            return null;
        }

        if (_keyring.Search("user", tokenDescription) is not { } tokenKey || _keyring.Read(tokenKey) is not { } tokenPayload)
        {
            return null;
        }

        try
        {
            string text = Encoding.UTF8.GetString(tokenPayload);
            string[] lines = text.Split('\n', 4);
            if (lines is not [Version, var expiry, var identity, var token] || token.Length == 0
                || !long.TryParse(expiry, NumberStyles.None, CultureInfo.InvariantCulture, out long seconds))
            {
                return null;
            }

            var expiresOn = DateTimeOffset.FromUnixTimeSeconds(seconds);
            return expiresOn - RefreshMargin > _clock.GetUtcNow() ? new MemoryCacheEntry(new Secret(token), expiresOn, identity) : null;
        }
        finally
        {
            Array.Clear(tokenPayload);
        }
    }

    /// <summary>
    /// Remembers the answer for <paramref name="key"/>, valid while the variables named
    /// <paramref name="environmentNames"/> keep their values; null on success, else why not (for the trace).
    /// </summary>
    public string? Put(MemoryCacheKey key, Secret token, DateTimeOffset expiresOn, string identity,
        IEnvironmentVariables environment, IReadOnlyList<string> environmentNames)
    {
        TimeSpan lifetime = expiresOn - RefreshMargin - _clock.GetUtcNow();
        if (lifetime < TimeSpan.FromSeconds(30))
        {
            return "the token expires too soon to keep";
        }

        if (OurKeyring(out string? refused) is not { } keyring)
        {
            return refused;
        }

        string tokenDescription = $"{_name}/t/{Fnv.Hex128(token.Reveal())}";
        byte[] tokenPayload = Encoding.UTF8.GetBytes(string.Join('\n', Version,
            expiresOn.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), identity.Replace('\n', ' '), token.Reveal()));
        byte[] routePayload = RoutePayload(key, tokenDescription, environment, environmentNames);
        try
        {
            KeyringFailure? failed = _keyring.Put(keyring, tokenDescription, tokenPayload, lifetime)
                ?? _keyring.Put(keyring, RouteDescription(key), routePayload, lifetime);
            if (failed is not null)
            {
                // Most often the per-user key quota: start again from an empty keyring once. The token
                // cache's own keyring is never touched: a sign-in outranks a copy of its access token.
                _keyring.Clear(keyring);
                failed = _keyring.Put(keyring, tokenDescription, tokenPayload, lifetime)
                    ?? _keyring.Put(keyring, RouteDescription(key), routePayload, lifetime);
            }

            return failed?.Reason;
        }
        finally
        {
            Array.Clear(tokenPayload);
        }
    }

    /// <summary>
    /// Remembers that git config declares no Azure DevOps host for <paramref name="key"/>'s request (only
    /// asked when some config declares one elsewhere), so the front answers "not ours" itself next time.
    /// </summary>
    public string? PutNotOurs(MemoryCacheKey key, IEnvironmentVariables environment, IReadOnlyList<string> environmentNames)
    {
        return OurKeyring(out string? refused) is { } keyring
            ? _keyring.Put(keyring, RouteDescription(key), RoutePayload(key, NotOursMarker, environment, environmentNames), NotOursLifetime)?.Reason
            : refused;
    }

    /// <summary>Forgets every token of this token-cache location (erase, logout, account changes).</summary>
    public void ForgetAll()
    {
        if (_keyring.Unavailable is null && _keyring.Search("keyring", _name) is { } keyring)
        {
            _keyring.Clear(keyring);
        }
    }

    /// <summary>The route's target when the answer is "not ours" (no token key has this form).</summary>
    private const string NotOursMarker = "-";

    private string RouteDescription(MemoryCacheKey key) => $"{_name}/r/{Fnv.Hex128(key.Context)}";

    /// <summary>A route: the scope to compare, its target (a token key or the not-ours marker), the variables to check.</summary>
    private static byte[] RoutePayload(MemoryCacheKey key, string target, IEnvironmentVariables environment, IReadOnlyList<string> names) =>
        Encoding.UTF8.GetBytes(string.Join('\n', Version, key.Scope.Replace('\n', ' '), target,
            RecordingEnvironment.Digest(environment, names), string.Join('\0', names)));

    /// <summary>This cache location's keyring, created when missing; null with the reason when the kernel refuses.</summary>
    private int? OurKeyring(out string? refused)
    {
        refused = _keyring.Unavailable;
        if (refused is not null)
        {
            return null;
        }

        int? keyring = _keyring.EnsureKeyring(_name);
        refused = keyring is null ? "the kernel refused to create our keyring" : null;
        if (keyring is { } created)
        {
            // No key in it lives longer than a "not ours" entry: then the (empty) keyring goes too.
            _keyring.Touch(created, NotOursLifetime);
        }

        return keyring;
    }
}
