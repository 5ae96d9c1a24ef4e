using GitEntraHelper.Platform;

namespace GitEntraHelper.TokenCache;

/// <summary>
/// The opted-in unencrypted cache: one JSON file per partition, mode 0600 in a 0700 folder,
/// replaced atomically so a killed writer leaves the previous cache intact.
/// </summary>
internal sealed class PlainTextCacheStorage : ICacheStorage
{
    private readonly string _directory;
    private readonly string _path;

    public PlainTextCacheStorage(string directory, string partition)
    {
        _directory = directory;
        _path = Path.Combine(directory, partition + ".msalcache.json");
        VersionFilePath = Path.Combine(directory, partition + ".version");
    }

    public string Description => $"plain text file {_path} (not encrypted; opted in)";

    public string VersionFilePath { get; }

    public byte[]? Read() => PrivateFiles.ReadIfExists(_path);

    public void Write(byte[] data)
    {
        PrivateFiles.RestrictDirectory(_directory);
        PrivateFiles.SweepTemporaries(_path);
        AtomicFile.WriteAllBytes(_path, data);
    }

    public string SetAside(byte[]? raw, string suffix)
    {
        var aside = _path + suffix;
        File.Move(_path, aside, overwrite: false);
        return aside;
    }

    public void Clear()
    {
        PrivateFiles.TryDelete(_path);
        PrivateFiles.DeleteSetAside(_path);
    }

    public void Verify()
    {
        PrivateFiles.RestrictDirectory(_directory);
        var probe = _path + ".probe";
        AtomicFile.WriteAllBytes(probe, "probe"u8);
        var back = File.ReadAllBytes(probe);
        PrivateFiles.TryDelete(probe);
        if (!back.AsSpan().SequenceEqual("probe"u8))
        {
            throw new IOException($"{probe} did not read back what was written");
        }
    }
}
