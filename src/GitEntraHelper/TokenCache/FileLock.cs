using System.Diagnostics;

namespace GitEntraHelper.TokenCache;

/// <summary>
/// An exclusive lock shared by every process (and every thread) that opens the same path.
/// Built on an exclusive open (flock(LOCK_EX) on Unix, a share-none handle on Windows), so the
/// operating system releases it when the holder exits or is killed: there are no stale locks.
/// The lock file is never deleted: deleting it on release (as MSAL.Extensions' CrossPlatLock does)
/// lets a process that opened the old file lock it while another locks the new one.
/// </summary>
public sealed class FileLock : IAsyncDisposable, IDisposable
{
    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan LongestPoll = TimeSpan.FromMilliseconds(50);

    private FileStream? _stream;

    private FileLock(string path, FileStream stream, TimeSpan waited)
    {
        Path = path;
        _stream = stream;
        Waited = waited;
    }

    /// <summary>The lock file.</summary>
    public string Path { get; }

    /// <summary>How long this process waited for another holder before getting the lock.</summary>
    public TimeSpan Waited { get; }

    /// <summary>Takes the lock without waiting, or returns null when another handle holds it.</summary>
    public static FileLock? TryAcquire(string path)
    {
        var stream = TryOpenExclusive(path);
        return stream is null ? null : new FileLock(path, stream, TimeSpan.Zero);
    }

    /// <summary>
    /// Waits at most <paramref name="timeout"/> for the lock. Returns null on time-out so the caller
    /// can say in one line what it was waiting for; cancellation throws as usual.
    /// </summary>
    public static async Task<FileLock?> AcquireAsync(string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var poll = FirstPoll;
        while (true)
        {
            var stream = TryOpenExclusive(path);
            if (stream is not null)
            {
                return new FileLock(path, stream, clock.Elapsed);
            }

            var left = timeout - clock.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                return null;
            }

            await Task.Delay(poll < left ? poll : left, cancellationToken).ConfigureAwait(false);
            // Back off gently: short waits stay fast, long waits (a sign-in) do not spin.
            poll = TimeSpan.FromTicks(Math.Min(poll.Ticks * 2, LongestPoll.Ticks));
        }
    }

    private static FileStream? TryOpenExclusive(string path)
    {
        try
        {
            var options = new FileStreamOptions
            {
                Mode = FileMode.OpenOrCreate,
                Access = FileAccess.ReadWrite,
                Share = FileShare.None,
                BufferSize = 0,
            };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            return new FileStream(path, options);
        }
        catch (IOException e) when (e is not DirectoryNotFoundException)
        {
            return null; // held by someone else (EWOULDBLOCK / sharing violation)
        }
        catch (UnauthorizedAccessException) when (OperatingSystem.IsWindows())
        {
            return null; // Windows reports a handle pending deletion this way too
        }
    }

    public void Dispose()
    {
        Interlocked.Exchange(ref _stream, null)?.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
