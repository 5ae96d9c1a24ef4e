namespace GitEntraHelper.EndToEndTests.Infrastructure;

/// <summary>
/// A cross-process exclusive lock on a file (an OS lock: released when the holder exits, even if
/// it crashes), for work that several test processes may ask for at once.
/// </summary>
public sealed class FileLock : IDisposable
{
    private readonly FileStream _stream;

    private FileLock(FileStream stream) => _stream = stream;

    public static FileLock Acquire(string path, TimeSpan timeout)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return new FileLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(200);
            }
            catch (IOException e)
            {
                throw new TimeoutException($"Could not lock {path} within {timeout.TotalSeconds:F0} s: another test process holds it.", e);
            }
        }
    }

    public void Dispose() => _stream.Dispose();
}
