using Microsoft.Identity.Client;

namespace GitEntraHelper.TokenCache;

/// <summary>
/// The seam the identity code uses to persist MSAL's token caches and to make concurrent git
/// processes share one sign-in. Construction is cheap: nothing touches disk or D-Bus until MSAL
/// first reads the cache.
/// </summary>
public interface ITokenCachePersistence
{
    /// <summary>
    /// Persists <paramref name="tokenCache"/> (an app's UserTokenCache or AppTokenCache) in the
    /// named partition (see <see cref="TokenCachePartitions"/>). Every MSAL access then reads the
    /// latest stored state under a cross-process lock and writes its changes back atomically.
    /// </summary>
    void Attach(ITokenCache tokenCache, string partition);

    /// <summary>
    /// Waits (bounded by the configured lock time-out) until no other process is acquiring a token
    /// for <paramref name="key"/>, then holds that right until disposed. Take it around the whole
    /// acquisition (silent, then refresh or sign-in): a process that waited then finds the other's
    /// token in the cache. <paramref name="purpose"/> completes "waiting for another process to
    /// finish ...", e.g. "signing in to contoso". Throws HelperException (one line) on time-out.
    /// </summary>
    Task<IAsyncDisposable> EnterSingleFlightAsync(string key, string purpose, CancellationToken cancellationToken);

    /// <summary>Where the cache lives, for diagnose and traces; never a secret.</summary>
    string Describe(string partition);

    /// <summary>
    /// Round-trips a probe entry through the store (several D-Bus calls on Linux): for diagnose and
    /// first-time setup only, never on the `get` path. Throws HelperException with the fix.
    /// </summary>
    void Verify();

    /// <summary>Every partition stored so far (each has a lock file), including set-aside copies.</summary>
    IReadOnlyList<string> StoredPartitions();

    /// <summary>Removes a partition's stored cache entirely (logout --all); false when it held nothing (its lock file outlives it).</summary>
    Task<bool> ClearAsync(string partition, CancellationToken cancellationToken);
}
