using System.Collections.Concurrent;
using GitEntraHelper.Diagnostics;
using GitEntraHelper.Platform;
using GitEntraHelper.Settings;
using Microsoft.Identity.Client;

namespace GitEntraHelper.TokenCache;

/// <summary>
/// Persists MSAL token caches per <see cref="CacheSettings"/>: the OS secret store by default (on Linux
/// without a reachable Secret Service: the kernel keyring, memory only), a 0600 file only on opt-in;
/// never a downgrade to a file.
/// </summary>
public sealed class TokenCachePersistence : ITokenCachePersistence
{
    /// <summary>The cache lock is held for one read-modify-write (milliseconds, or a slow keyring call).</summary>
    private static readonly TimeSpan CacheLockTimeout = TimeSpan.FromSeconds(30);

    private readonly CacheSettings _settings;
    private readonly Action<string> _trace;
    private readonly Func<string, ICacheStorage> _storageFactory;
    private readonly ConcurrentDictionary<string, ICacheStorage> _storages = new(StringComparer.Ordinal);
    private readonly SecretServiceReach _secretService;
    private bool _announced;

    /// <summary>
    /// The persistence of one run: settings from git config + environment, lines to the trace, and the
    /// one warning a sign-in the kernel keyring cannot hold gets (on stderr, where git shows it).
    /// </summary>
    public static TokenCachePersistence Create(HelperSettings settings, HelperPaths paths, HelperTrace trace) =>
        new(settings.Cache(paths), trace.IsEnabled ? line => trace.WriteText("cache", line) : null, null,
            SecretServiceReach.FromEnvironment(settings.Environment), static line => Console.Error.WriteLine("git-credential-entra: " + line));

    public TokenCachePersistence(CacheSettings settings, Action<string>? trace = null)
        : this(settings, trace, null, SecretServiceReach.FromEnvironment(ProcessEnvironmentVariables.Instance), null)
    {
    }

    internal TokenCachePersistence(CacheSettings settings, Action<string>? trace, Func<string, ICacheStorage>? storageFactory,
        SecretServiceReach? reach = null, Action<string>? warn = null)
    {
        _settings = settings;
        _trace = trace ?? (_ => { });
        SecretServiceReach secretService = _secretService = reach ?? new SecretServiceReach(null);
        _storageFactory = storageFactory ?? (partition => settings.Protection == CacheProtection.PlainText
            ? new PlainTextCacheStorage(settings.Directory, partition)
            : OperatingSystem.IsLinux()
                ? new LinuxCacheStorage(
                    secretService,
                    new OsCacheStorage(settings.Directory, partition, Trace),
                    new KernelCacheStorage(KernelKeyring.Instance, settings.Directory, partition, settings.KeyringTimeout, settings.KeyringTimeoutOrigin,
                        () => secretService.Absent ?? "none found", Trace, warn),
                    Trace)
                : new OsCacheStorage(settings.Directory, partition, Trace));
    }


    public void Attach(ITokenCache tokenCache, string partition)
    {
        ArgumentNullException.ThrowIfNull(tokenCache);
        var storage = StorageFor(partition);
        new PersistentTokenCache(storage, _settings.Directory, partition, CacheLockTimeout, Trace).Attach(tokenCache);
    }

    public async Task<IAsyncDisposable> EnterSingleFlightAsync(string key, string purpose, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var path = Path.Combine(_settings.Directory, "flight-" + FileNameFor(key) + ".lock");
        FileLock? held;
        try
        {
            AtomicFile.EnsurePrivateDirectory(_settings.Directory);
            held = FileLock.TryAcquire(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HelperException(CacheMessages.FolderUnusable(_settings.Directory, e), inner: e);
        }

        if (held is null)
        {
            _trace($"token cache: another process is {purpose}; waiting up to {_settings.LockTimeout.TotalSeconds:0} s for it");
            held = await FileLock.AcquireAsync(path, _settings.LockTimeout, cancellationToken).ConfigureAwait(false)
                ?? throw new HelperException(CacheMessages.SingleFlightTimedOut(purpose, _settings.LockTimeout, holder: null));
            _trace($"token cache: the other process finished after {held.Waited.TotalMilliseconds:0} ms; reusing its result");
        }

        return held;
    }

    public string Describe(string partition) => StorageFor(partition).Description;

    /// <summary>Linux: why no Secret Service is used (the cache is in the kernel keyring then), or null.</summary>
    public string? SecretServiceAbsent => _settings.Protection == CacheProtection.PlainText ? null : _secretService.Absent;

    public void Verify()
    {
        var storage = StorageFor("verify");
        try
        {
            storage.Verify();
        }
        catch (HelperException)
        {
            throw;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HelperException($"cannot write the token cache folder {_settings.Directory} ({e.Message})", inner: e);
        }
    }

    public IReadOnlyList<string> StoredPartitions()
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        if (!Directory.Exists(_settings.Directory))
        {
            return [];
        }

        foreach (var path in Directory.EnumerateFiles(_settings.Directory))
        {
            var name = Path.GetFileName(path);
            var partition = name.EndsWith(".lock", StringComparison.Ordinal) ? name[..^".lock".Length]
                : name.EndsWith(TokenCachePartitions.AsideMarker, StringComparison.Ordinal) ? name[..^TokenCachePartitions.AsideMarker.Length]
                : null;
            if (partition is not null && TokenCachePartitions.IsPartitionName(partition)
                && !partition.StartsWith("flight-", StringComparison.Ordinal) && partition != "verify")
            {
                found.Add(partition);
            }
        }

        return [.. found];
    }

    public async Task<bool> ClearAsync(string partition, CancellationToken cancellationToken)
    {
        var storage = StorageFor(partition);
        AtomicFile.EnsurePrivateDirectory(_settings.Directory);
        var lockPath = Path.Combine(_settings.Directory, partition + ".lock");
        using var held = await FileLock.AcquireAsync(lockPath, CacheLockTimeout, cancellationToken).ConfigureAwait(false)
            ?? throw new HelperException(CacheMessages.LockTimedOut(lockPath, CacheLockTimeout));
        string aside = Path.Combine(_settings.Directory, partition + TokenCachePartitions.AsideMarker);
        bool hadTokens = File.Exists(aside) || HoldsSomething(storage);
        storage.Clear();
        PrivateFiles.TryDelete(storage.VersionFilePath);
        PrivateFiles.TryDelete(aside);
        _trace($"token cache: cleared {storage.Description}");
        return hadTokens;
    }

    // An entry that cannot be read (damaged, not ours) is still something logout removes.
    private static bool HoldsSomething(ICacheStorage storage)
    {
        try
        {
            return storage.Read() is { Length: > 0 };
        }
        catch (Exception e) when (e is CacheCorruptException or HelperException or IOException)
        {
            return true;
        }
    }

    private ICacheStorage StorageFor(string partition)
    {
        TokenCachePartitions.Validate(partition);
        return _storages.GetOrAdd(partition, _storageFactory);
    }

    private void Trace(string line)
    {
        if (!_announced)
        {
            _announced = true;
            _trace(_settings.Protection == CacheProtection.PlainText
                ? $"token cache: PLAIN TEXT (not encrypted), opted in by {_settings.ProtectionOrigin}; files are mode 0600 in {_settings.Directory}"
                : $"token cache: protected by the operating system ({_settings.ProtectionOrigin})");
        }

        _trace(line);
    }

    /// <summary>A short, stable, file-name-safe name for any key (keys may hold URLs or UPNs).</summary>
    internal static string FileNameFor(string key) => Fnv.Hex64(key);
}
