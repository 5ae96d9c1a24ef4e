using GitEntraHelper.Platform;

namespace GitEntraHelper.TokenCache;

/// <summary>
/// The token cache in kernel memory, for Linux sessions where no Secret Service can be reached (SSH,
/// WSL, containers, cloud dev boxes): one "user" key per partition in our keyring, linked from the
/// session keyring (see <see cref="KernelKeyring"/> for who can reach it), possessor-only, never on disk
/// or swap. Its timeout starts again at every read and write, so a sign-in lasts until logout, reboot or
/// <see cref="Settings.CacheSettings.KeyringTimeout"/> without use, as an ssh-agent's keys do.
/// The payload is compressed (<see cref="KernelCachePayload"/>); what does not fit the per-user quota is
/// shed in the order that loses nothing (the memory cache's copies, access tokens, ID tokens), and a
/// sign-in that still cannot be kept is said in one warning line, never dropped silently.
/// </summary>
internal sealed class KernelCacheStorage : ICacheStorage
{
    private readonly IKernelKeyring _keyring;
    private readonly string _partition;
    private readonly string _ringName;
    private readonly string _memoryRingName;
    private readonly TimeSpan _timeout;
    private readonly string _timeoutOrigin;
    private readonly Action<string> _trace;
    private readonly Action<string> _warn;
    private readonly Func<string> _noSecretService;
    private bool _warned;

    /// <param name="noSecretService">Why no Secret Service is used (asked when the kernel refuses too, for the one line).</param>
    public KernelCacheStorage(IKernelKeyring keyring, string directory, string partition, TimeSpan timeout, string timeoutOrigin,
        Func<string> noSecretService, Action<string>? trace = null, Action<string>? warn = null)
    {
        _keyring = keyring;
        _partition = partition;
        _ringName = KernelKeyringNames.TokenCache(directory);
        _memoryRingName = KernelKeyringNames.MemoryCacheBeside(directory);
        _timeout = timeout;
        _timeoutOrigin = timeoutOrigin;
        _noSecretService = noSecretService;
        _trace = trace ?? (_ => { });
        _warn = warn ?? (_ => { });
        VersionFilePath = Path.Combine(directory, partition + ".version");
    }

    /// <summary>The key's description (the keyring's name / the partition).</summary>
    public string KeyName => $"{_ringName}/{_partition}";

    public string Description =>
        $"kernel keyring (memory only): key '{KeyName}' in {_keyring.Session}; it lasts until logout, reboot or {Lifetime} unused ({_timeoutOrigin})";

    public string VersionFilePath { get; }

    private string Lifetime => _timeout <= TimeSpan.Zero ? "forever" : Duration(_timeout);

    public byte[]? Read()
    {
        EnsureUsable();
        if (_keyring.Search("keyring", _ringName) is not { } ring || _keyring.Search("user", KeyName) is not { } key
            || _keyring.Read(key) is not { } payload)
        {
            return null;
        }

        // Use renews the timeout: an idle sign-in goes, one in use stays.
        _keyring.Touch(key, _timeout);
        _keyring.Touch(ring, _timeout);
        // A payload that does not decode travels on in the CacheCorruptException, to be set aside as it was.
        byte[] json = KernelCachePayload.Decode(payload);
        Array.Clear(payload);
        return json;
    }

    public void Write(byte[] data)
    {
        EnsureUsable();
        bool evicted = false;
        if (TryRing() is not { } ring)
        {
            // Even the keyring did not fit (its description counts against the quota too).
            evicted = EvictMemoryCache();
            if (TryRing() is not { } retried)
            {
                Warn(data.Length, "the kernel would not create the keyring");
                return;
            }

            ring = retried;
        }

        KeyringFailure? last = null;
        int smallest = int.MaxValue;
        foreach (KernelCachePayload.Candidate candidate in KernelCachePayload.Candidates(data))
        {
            smallest = Math.Min(smallest, candidate.Payload.Length);
            try
            {
                if (candidate.Payload.Length > KernelCachePayload.MaxPayload)
                {
                    continue;
                }

                last = _keyring.Put(ring, KeyName, candidate.Payload, _timeout);
                if (last is { OverQuota: true } && !evicted)
                {
                    evicted = EvictMemoryCache();
                    last = evicted ? _keyring.Put(ring, KeyName, candidate.Payload, _timeout) : last;
                }

                if (last is null)
                {
                    _trace($"saved {candidate.Payload.Length} bytes (compressed) in kernel key '{KeyName}'"
                        + (candidate.LeftOut is null ? string.Empty : $", leaving out {candidate.LeftOut} to fit the kernel's key quota"));
                    return;
                }

                if (!last.Value.OverQuota)
                {
                    throw CacheMessages.KernelRefused("keep", last.Value.Reason);
                }
            }
            finally
            {
                Array.Clear(candidate.Payload);
            }
        }

        // Even the accounts and refresh tokens alone do not fit: keep what was stored before (the earlier
        // sign-ins) and say, once, that this one is not kept.
        Warn(smallest, last?.Reason ?? "larger than a kernel key can hold");
    }

    /// <summary>The memory cache holds copies of access tokens only: a sign-in comes first. True when there was one to empty.</summary>
    private bool EvictMemoryCache()
    {
        if (_keyring.Search("keyring", _memoryRingName) is not { } memory)
        {
            return false;
        }

        _keyring.Clear(memory);
        _trace($"{KeyName}: the kernel key quota is full; emptied the memory cache's keyring to make room");
        return true;
    }

    private void Warn(int bytes, string reason)
    {
        _trace($"{KeyName}: not kept: {reason}; {KernelKeyring.QuotaReport() ?? "quota unknown"}");
        if (!_warned)
        {
            _warned = true;
            _warn(CacheMessages.KernelQuotaFull(bytes, reason, KernelKeyring.QuotaReport()));
        }
    }

    public string SetAside(byte[]? raw, string suffix)
    {
        if (raw is null)
        {
            return "nowhere (the entry could not be read; it will be overwritten)";
        }

        string aside = KeyName + suffix;
        KeyringFailure? failed = _keyring.Put(Ring(), aside, raw, _timeout);
        if (_keyring.Search("user", KeyName) is { } key)
        {
            _keyring.Remove(key);
        }

        if (failed is not null)
        {
            return $"nowhere ({failed.Value.Reason}); the entry was removed";
        }

        // The keyring cannot be listed through a partition's name: a marker lets logout --all find the copy.
        AtomicFile.WriteAllBytes(Path.Combine(Path.GetDirectoryName(VersionFilePath)!, _partition + suffix + TokenCachePartitions.AsideMarker), []);
        return $"kernel key '{aside}'";
    }

    public void Clear()
    {
        EnsureUsable();
        if (_keyring.Search("user", KeyName) is { } key)
        {
            _keyring.Remove(key);
        }
    }

    public void Verify()
    {
        const string Probe = "probe";
        EnsureUsable();
        string name = KeyName + "-verify";
        if (_keyring.Put(Ring(), name, "probe"u8, TimeSpan.FromMinutes(1)) is { } failed)
        {
            throw CacheMessages.KernelRefused("keep", failed.Reason);
        }

        int? key = _keyring.Search("user", name);
        byte[]? back = key is { } id ? _keyring.Read(id) : null;
        if (key is { } written)
        {
            _keyring.Remove(written);
        }

        if (back is null || System.Text.Encoding.ASCII.GetString(back) != Probe)
        {
            throw CacheMessages.KernelRefused("read back", "the probe key did not read back what was written");
        }
    }

    private int Ring()
    {
        EnsureUsable();
        return TryRing() ?? throw CacheMessages.KernelRefused("create", $"keyring '{_ringName}' could not be created");
    }

    private int? TryRing()
    {
        if (_keyring.EnsureKeyring(_ringName) is not { } ring)
        {
            return null;
        }

        _keyring.Touch(ring, _timeout);
        return ring;
    }

    /// <summary>Where the kernel refuses keyrings too, nothing can keep the cache: one line with the two ways on.</summary>
    private void EnsureUsable()
    {
        if (_keyring.Unavailable is { } refused)
        {
            throw CacheMessages.NoStoreAtAll(_noSecretService(), refused);
        }
    }

    internal static string Duration(TimeSpan span) =>
        span.TotalHours >= 1 && span.TotalHours == Math.Floor(span.TotalHours) ? $"{span.TotalHours:0} h"
        : span.TotalMinutes >= 1 && span.TotalMinutes == Math.Floor(span.TotalMinutes) ? $"{span.TotalMinutes:0} min"
        : $"{span.TotalSeconds:0} s";
}
