
namespace GitEntraHelper.Platform;

/// <summary>
/// File helpers of the cache folder on top of <see cref="AtomicFile"/> (which writes 0600 files in
/// 0700 folders by temporary file + rename): reading, owner-only folder checks, and sweeping the
/// temporaries of writers that were killed mid-write.
/// </summary>
internal static class PrivateFiles
{
    private const UnixFileMode OwnerDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates the folder 0700 and, since plain text relies on it, narrows an existing one to 0700.</summary>
    public static void RestrictDirectory(string directory)
    {
        AtomicFile.EnsurePrivateDirectory(directory);
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(directory) & ~OwnerDirectory) != 0)
        {
            File.SetUnixFileMode(directory, OwnerDirectory);
        }
    }

    /// <summary>A temporary name beside <paramref name="target"/> in AtomicFile's pattern (.NAME.*.tmp).</summary>
    public static string TempPathFor(string target) =>
        Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");

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
        try
        {
            var directory = Path.GetDirectoryName(target)!;
            foreach (var path in Directory.EnumerateFiles(directory, $".{Path.GetFileName(target)}.*.tmp"))
            {
                TryDelete(path);
            }
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    /// <summary>Deletes the set-aside copies (TARGET-corrupt-TIME) of an unreadable cache file.</summary>
    public static void DeleteSetAside(string target)
    {
        try
        {
            foreach (var path in Directory.EnumerateFiles(Path.GetDirectoryName(target)!, Path.GetFileName(target) + "-corrupt-*"))
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
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
