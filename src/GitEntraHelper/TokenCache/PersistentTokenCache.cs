using System.Globalization;
using GitEntraHelper.Diagnostics;
using GitEntraHelper.Platform;
using Microsoft.Identity.Client;

namespace GitEntraHelper.TokenCache;

/// <summary>
/// Keeps one MSAL <see cref="ITokenCache"/> in step with its stored partition. MSAL calls
/// BeforeAccess before it reads or modifies the cache and AfterAccess when done; we hold the
/// partition's cross-process lock in between, so a read-modify-write is never interleaved with
/// another process's. One instance per attached token cache (its in-memory state is per cache).
/// </summary>
internal sealed class PersistentTokenCache
{
    private readonly ICacheStorage _storage;
    private readonly string _lockPath;
    private readonly string _directory;
    private readonly TimeSpan _lockTimeout;
    private readonly Action<string> _trace;
    private readonly SemaphoreSlim _gate = new(1, 1); // Before/After pairs of this cache, one at a time
    private FileLock? _held;
    private Guid _heldFor; // the MSAL operation (correlation id) whose BeforeAccess took _held
    private string? _loadedVersion; // version of the bytes currently deserialized in memory

    public PersistentTokenCache(ICacheStorage storage, string directory, string partition, TimeSpan lockTimeout, Action<string> trace)
    {
        _storage = storage;
        _directory = directory;
        _lockPath = Path.Combine(directory, partition + ".lock");
        _lockTimeout = lockTimeout;
        _trace = trace;
    }

    public void Attach(ITokenCache tokenCache)
    {
        tokenCache.SetBeforeAccessAsync(BeforeAccessAsync);
        tokenCache.SetAfterAccessAsync(AfterAccessAsync);
    }

    internal async Task BeforeAccessAsync(TokenCacheNotificationArgs args)
    {
        await _gate.WaitAsync(args.CancellationToken).ConfigureAwait(false);
        try
        {
            var held = await LockAsync(args.CancellationToken).ConfigureAwait(false);
            try
            {
                Load(args.TokenCache);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                held.Dispose();
                throw new HelperException(CacheMessages.FolderUnusable(_directory, e), inner: e);
            }
            catch
            {
                held.Dispose();
                throw;
            }

            _held = held;
            _heldFor = args.CorrelationId;
        }
        catch
        {
            _gate.Release();
            throw;
        }
    }

    private async Task<FileLock> LockAsync(CancellationToken cancellationToken)
    {
        try
        {
            AtomicFile.EnsurePrivateDirectory(_directory);
            return await FileLock.AcquireAsync(_lockPath, _lockTimeout, cancellationToken).ConfigureAwait(false)
                ?? throw new HelperException(CacheMessages.LockTimedOut(_lockPath, _lockTimeout));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HelperException(CacheMessages.FolderUnusable(_directory, e), inner: e);
        }
    }

    internal Task AfterAccessAsync(TokenCacheNotificationArgs args)
    {
        // MSAL calls AfterAccess even when BeforeAccess threw; then we hold nothing and must not
        // write (we would overwrite the store with a cache we never loaded).
        if (_held is null || _heldFor != args.CorrelationId)
        {
            return Task.CompletedTask;
        }

        try
        {
            if (args.HasStateChanged)
            {
                try
                {
                    Save(args.TokenCache.SerializeMsalV3());
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new HelperException(CacheMessages.FolderUnusable(_directory, e), inner: e);
                }
            }
        }
        finally
        {
            var held = _held;
            _held = null;
            held.Dispose();
            _gate.Release();
        }

        return Task.CompletedTask;
    }

    private void Load(ITokenCacheSerializer cache)
    {
        var version = ReadVersion();
        if (version is not null && version == _loadedVersion)
        {
            return; // nobody wrote since we loaded: skip the keyring round trip
        }

        byte[]? data;
        try
        {
            data = _storage.Read();
            cache.DeserializeMsalV3(data, shouldClearExistingCache: true);
        }
        catch (CacheCorruptException e)
        {
            SetAside(e.Raw, e.Message);
            data = null;
            cache.DeserializeMsalV3(null, shouldClearExistingCache: true);
        }
        catch (Exception e) when (e is not HelperException and not OperationCanceledException)
        {
            // Read succeeded but MSAL cannot parse it: truncated, tampered or not a cache at all.
            SetAside(TryReadRaw(), $"MSAL cannot parse it ({e.GetType().Name})");
            data = null;
            cache.DeserializeMsalV3(null, shouldClearExistingCache: true);
            version = ReadVersion();
        }

        _trace($"token cache: loaded {data?.Length ?? 0} bytes from {_storage.Description}");
        _loadedVersion = version;
    }

    private byte[]? TryReadRaw()
    {
        try
        {
            return _storage.Read();
        }
        catch (CacheCorruptException)
        {
            return null;
        }
    }

    private void SetAside(byte[]? raw, string reason)
    {
        var suffix = "-corrupt-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss-fff", CultureInfo.InvariantCulture);
        string where;
        try
        {
            where = _storage.SetAside(raw, suffix);
        }
        catch (IOException e)
        {
            where = $"nowhere ({e.Message})";
        }

        _trace($"token cache: {_storage.Description} is unreadable ({reason}); set aside as {where}; "
            + "starting with an empty cache, so you will be asked to sign in again");
    }

    private void Save(byte[] data)
    {
        _loadedVersion = null; // if the write fails, memory no longer matches the store: reload next time
        _storage.Write(data);
        var version = Convert.ToHexString(Guid.NewGuid().ToByteArray());
        PrivateFiles.SweepTemporaries(_storage.VersionFilePath);
        AtomicFile.WriteAllBytes(_storage.VersionFilePath, System.Text.Encoding.ASCII.GetBytes(version));
        _loadedVersion = version;
        _trace($"token cache: saved {data.Length} bytes to {_storage.Description}");
    }

    private string? ReadVersion()
    {
        var bytes = PrivateFiles.ReadIfExists(_storage.VersionFilePath);
        return bytes is { Length: > 0 } ? System.Text.Encoding.ASCII.GetString(bytes) : null;
    }
}
