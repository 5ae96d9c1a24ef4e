using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using GitEntraHelper.Diagnostics;
using GitEntraHelper.Platform;
using Microsoft.Identity.Client.Extensions.Msal;

namespace GitEntraHelper.TokenCache;

/// <summary>
/// The cache protected by the operating system through MSAL.Extensions' <see cref="Storage"/>:
/// DPAPI-encrypted file on Windows, Keychain on macOS, Secret Service (libsecret) on Linux.
/// We use Storage (the encryption and the OS calls) but not MsalCacheHelper, which deletes a
/// cache it cannot parse, writes files in place and re-reads the keyring on every access.
/// </summary>
internal sealed class OsCacheStorage : ICacheStorage
{
    internal const string Application = "git-credential-entra";
    private const string SchemaName = "git-credential-entra.TokenCache";

    /// <summary>A keyring call that does not return in this time is waiting for a prompt nobody answers.</summary>
    private static readonly TimeSpan KeyringTimeout = TimeSpan.FromSeconds(20);

    private readonly string _directory;
    private readonly string _partition;
    private readonly Action<string> _trace;
    private Storage? _storage;
    private bool _verified;

    public OsCacheStorage(string directory, string partition, Action<string>? trace = null)
    {
        _directory = directory;
        _partition = partition;
        _trace = trace ?? (_ => { });
        // On Windows the file IS the cache (DPAPI-encrypted); elsewhere MSAL.Extensions only touches
        // it after each keyring write, and we keep our version stamp in it.
        var fileName = OperatingSystem.IsWindows() ? partition + ".msalcache.dpapi" : partition + ".version";
        VersionFilePath = OperatingSystem.IsWindows()
            ? Path.Combine(directory, partition + ".version")
            : Path.Combine(directory, fileName);
        CacheFilePath = Path.Combine(directory, fileName);
    }

    public string CacheFilePath { get; }

    public string VersionFilePath { get; }

    public string Description =>
        OperatingSystem.IsWindows() ? $"DPAPI-encrypted file {CacheFilePath}"
        : OperatingSystem.IsMacOS() ? $"macOS Keychain (service '{Application}', account '{_partition}')"
        : $"Secret Service via libsecret (collection 'default', attributes application={Application} partition={_partition})";

    public byte[]? Read()
    {
        try
        {
            var data = Call(() => Store.ReadData(), "read");
            if (data.Length > 0)
            {
                return data;
            }

            // Nothing stored, or a locked keyring that answered "nothing" after its unlock prompt
            // failed. Tell them apart now, before a sign-in whose result could not be saved.
            EnsureUsable();
            return null;
        }
        catch (FormatException e)
        {
            // MSAL.Extensions stores base64; read the entry as it is so it can be kept aside.
            var raw = OperatingSystem.IsLinux()
                ? Call(() => LibsecretRawLookup.Lookup(SchemaName, "application", Application, "partition", _partition), "read")
                : null;
            throw new CacheCorruptException("the keyring entry is not valid base64", raw is null ? null : System.Text.Encoding.UTF8.GetBytes(raw), e);
        }
        catch (CryptographicException e)
        {
            throw new CacheCorruptException("the file cannot be decrypted by DPAPI for this user", raw: null, e);
        }
    }

    public void Write(byte[] data)
    {
        if (OperatingSystem.IsWindows())
        {
            // Storage writes the DPAPI file in place; write a temporary copy and rename it instead.
            var temp = PrivateFiles.TempPathFor(CacheFilePath);
            PrivateFiles.SweepTemporaries(CacheFilePath);
            Call(() => { StoreAt(Path.GetFileName(temp), _partition).WriteData(data); return true; }, "write");
            File.Move(temp, CacheFilePath, overwrite: true);
            return;
        }

        Call(() => { Store.WriteData(data); return true; }, "write");
    }

    public string SetAside(byte[]? raw, string suffix)
    {
        if (OperatingSystem.IsWindows())
        {
            var aside = CacheFilePath + suffix;
            File.Move(CacheFilePath, aside, overwrite: false);
            return aside;
        }

        var asidePartition = _partition + suffix;
        if (raw is null)
        {
            // Not even readable as text (or not on Linux): there is nothing to copy; leave it in place
            // for the user to inspect, and let the next write replace it.
            return "nowhere (the entry could not be read at all; it will be overwritten)";
        }

        Call(() => { StoreAt(asidePartition + ".version", asidePartition).WriteData(raw); return true; }, "write");
        PrivateFiles.TryDelete(Path.Combine(_directory, asidePartition + ".version"));
        // The keyring cannot be listed through MSAL.Extensions: a marker lets logout --all find the copy.
        AtomicFile.WriteAllBytes(Path.Combine(_directory, asidePartition + TokenCachePartitions.AsideMarker), []);
        Call(() => { Store.Clear(); return true; }, "clear");
        return OperatingSystem.IsMacOS()
            ? $"Keychain account '{asidePartition}'"
            : $"keyring entry with partition={asidePartition}";
    }

    public void Clear()
    {
        Call(() => { Store.Clear(); return true; }, "clear");
        if (OperatingSystem.IsWindows())
        {
            PrivateFiles.DeleteSetAside(CacheFilePath);
        }
    }

    public void Verify()
    {
        _verified = false;
        EnsureUsable();
    }

    /// <summary>
    /// MSAL.Extensions' write-read-clear probe, once per process. Its probe entry is the same for
    /// every partition, so concurrent probes take one lock or they would clear each other's entry.
    /// </summary>
    private void EnsureUsable()
    {
        if (_verified)
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        AtomicFile.EnsurePrivateDirectory(_directory);
        var lockPath = Path.Combine(_directory, "verify.lock");
        using (var held = FileLock.AcquireAsync(lockPath, KeyringTimeout, CancellationToken.None).GetAwaiter().GetResult()
            ?? throw new HelperException(CacheMessages.LockTimedOut(lockPath, KeyringTimeout)))
        {
            Call(() => { Store.VerifyPersistence(); return true; }, "use");
        }

        _verified = true;
        _trace($"the store is empty; checked that it can keep a secret ({Stopwatch.GetElapsedTime(started).TotalMilliseconds:0} ms)");
    }

    private Storage Store => _storage ??= StoreAt(Path.GetFileName(CacheFilePath), _partition);

    private Storage StoreAt(string fileName, string partition)
    {
        var properties = new StorageCreationPropertiesBuilder(fileName, _directory)
            .WithMacKeyChain(Application, partition)
            .WithLinuxKeyring(
                SchemaName,
                MsalCacheHelper.LinuxKeyRingDefaultCollection,
                $"{Application} token cache ({partition})",
                new KeyValuePair<string, string>("application", Application),
                new KeyValuePair<string, string>("partition", partition))
            .Build();
        // Silent TraceSource: MSAL.Extensions logs exception details; ours go through our trace.
        return Storage.Create(properties, new TraceSource(Application + ".storage", SourceLevels.Off));
    }

    /// <summary>
    /// Runs one OS store call with a time-out (a locked keyring may wait for a password prompt that
    /// never comes in a headless session) and turns "cannot reach the store" into one clear line.
    /// </summary>
    private T Call<T>(Func<T> operation, string what)
    {
        Task<T> task = Task.Run(operation);
        try
        {
            if (!task.Wait(KeyringTimeout))
            {
                throw CacheMessages.StoreTimedOut(what, KeyringTimeout);
            }

            return task.Result;
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            var inner = e.InnerException!;
            if (inner is FormatException or CryptographicException)
            {
                ExceptionDispatchInfo.Throw(inner);
            }

            _trace($"{Description}: {what} failed: {CacheMessages.Chain(inner)}");
            throw CacheMessages.StoreUnavailable(what, inner);
        }
    }
}
