namespace GitEntraHelper.TokenCache;

/// <summary>
/// Owner-only files for the cache folder: 0700 directory, 0600 files, atomic replace
/// (write a temporary file beside the target, flush it to disk, rename it over the target).
/// </summary>
internal static class PrivateFiles
{
    private const UnixFileMode OwnerDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Temporary files are named TARGET.PID.tmp so a sweep can tell them apart.</summary>
    public const string TempSuffix = ".tmp";

    public static void EnsureDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
            return;
        }

        if (!Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory, OwnerDirectory);
        }
    }

    /// <summary>Ensures the cache folder is owner-only: the plain-text cache relies on it.</summary>
    public static void RestrictDirectory(string directory)
    {
        EnsureDirectory(directory);
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(directory) & ~OwnerDirectory) != 0)
        {
            File.SetUnixFileMode(directory, OwnerDirectory);
        }
    }

    public static string TempPathFor(string target) =>
        $"{target}.{Environment.ProcessId}{TempSuffix}";

    public static void WriteAtomically(string target, ReadOnlySpan<byte> data)
    {
        var temp = TempPathFor(target);
        try
        {
            var options = new FileStreamOptions
            {
                Mode = FileMode.Create,
                Access = FileAccess.Write,
                Share = FileShare.None,
                BufferSize = 0,
            };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = OwnerFile;
            }

            using (var stream = new FileStream(temp, options))
            {
                stream.Write(data);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, target, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Reads a whole file, or null when it does not exist.</summary>
    public static byte[]? ReadIfExists(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// Removes temporary files left by writers that were killed mid-write. Only call while holding
    /// the lock that every writer of <paramref name="target"/> holds, so no live writer owns them.
    /// </summary>
    public static void SweepTemporaries(string target)
    {
        var directory = Path.GetDirectoryName(target)!;
        var prefix = Path.GetFileName(target) + ".";
        try
        {
            foreach (var path in Directory.EnumerateFiles(directory, prefix + "*" + TempSuffix))
            {
                TryDelete(path);
            }
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
