using GitEntraHelper.TokenCache;

namespace GitEntraHelper.Tests.TokenCache;

public sealed class FileLockTests : IDisposable
{
    private readonly TempFolder _temp = new();

    private string LockPath => Path.Combine(_temp.Path, "a.lock");

    [Fact]
    public void A_held_lock_cannot_be_taken_again_until_released()
    {
        using (var first = FileLock.TryAcquire(LockPath))
        {
            Assert.NotNull(first);
            Assert.Null(FileLock.TryAcquire(LockPath));
        }

        using var again = FileLock.TryAcquire(LockPath);
        Assert.NotNull(again);
    }

    [Fact]
    public async Task A_waiter_gets_the_lock_when_the_holder_releases_it()
    {
        var first = FileLock.TryAcquire(LockPath)!;
        var waiter = FileLock.AcquireAsync(LockPath, TimeSpan.FromSeconds(10), CancellationToken.None);
        await Task.Delay(100);
        Assert.False(waiter.IsCompleted);

        first.Dispose();
        await using var second = await waiter;
        Assert.NotNull(second);
        Assert.True(second!.Waited >= TimeSpan.FromMilliseconds(90));
    }

    [Fact]
    public async Task A_bounded_wait_returns_null_on_time_out()
    {
        using var first = FileLock.TryAcquire(LockPath);
        var started = DateTime.UtcNow;
        var second = await FileLock.AcquireAsync(LockPath, TimeSpan.FromMilliseconds(200), CancellationToken.None);
        Assert.Null(second);
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromMilliseconds(190), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void The_lock_file_stays_after_release_and_is_owner_only()
    {
        FileLock.TryAcquire(LockPath)!.Dispose();
        Assert.True(File.Exists(LockPath));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(LockPath));
        }
    }

    public void Dispose() => _temp.Dispose();
}
