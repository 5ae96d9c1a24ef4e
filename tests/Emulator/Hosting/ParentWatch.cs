namespace Emulator.Hosting;

/// <summary>Stops the emulator when the test process that started it is gone, so none outlive a crashed run.</summary>
internal static class ParentWatch
{
    public static async Task StopWhenGoneAsync(int parentProcessId, TaskCompletionSource stop)
    {
        while (!stop.Task.IsCompleted)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            if (!IsAlive(parentProcessId))
            {
                stop.TrySetResult();
            }
        }
    }

    private static bool IsAlive(int processId)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
