using System.Text;

namespace GitEntraHelper.Platform;

/// <summary>
/// Writes a whole file or nothing: a temporary file beside the target (0600), flushed to disk, then
/// renamed over the target, in a directory created 0700. Readers therefore never see a half-written
/// file, and concurrent writers end with one complete version. Use it for every state/cache file.
/// </summary>
public static class AtomicFile
{
    private const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const int ReplaceAttempts = 20;

    public static void WriteAllText(string path, string contents) =>
        WriteAllBytes(path, new UTF8Encoding(false).GetBytes(contents));

    public static void WriteAllBytes(string path, ReadOnlySpan<byte> contents)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(path))
            ?? throw new ArgumentException("path has no directory", nameof(path));
        EnsurePrivateDirectory(directory);

        string temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = PrivateFile;
            }

            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(contents);
                stream.Flush(flushToDisk: true);
            }

            Replace(temporary, path);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>
    /// Windows refuses to replace a file that another process is replacing or reading at that moment
    /// (access denied / sharing violation; found with concurrent writers under Wine); such a window
    /// lasts microseconds, so the rename is tried again for up to about a second. Elsewhere rename is atomic.
    /// </summary>
    private static void Replace(string temporary, string path)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                File.Move(temporary, path, overwrite: true);
                return;
            }
            catch (Exception e) when (OperatingSystem.IsWindows() && attempt < ReplaceAttempts && e is UnauthorizedAccessException or IOException)
            {
                Thread.Sleep(attempt * 5);
            }
        }
    }

    /// <summary>Creates the directory (and parents) 0700 if missing, and refuses one another user could write into (<see cref="PrivatePaths"/>).</summary>
    public static void EnsurePrivateDirectory(string directory) => PrivatePaths.EnsureDirectory(directory);

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // best effort: a stray temporary file is harmless and named as ours
        }
    }
}
