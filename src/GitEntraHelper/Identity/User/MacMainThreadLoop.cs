using Microsoft.Identity.Client.Utils;

namespace GitEntraHelper.Identity.User;

/// <summary>
/// macOS only: MSAL's Enterprise SSO broker must run its interactive calls on the main thread with a
/// message loop running. A console program has none, so the command runs on a worker thread while the
/// main thread serves MSAL's loop until the command ends (see <see cref="MacBrokerPlatform"/>).
/// </summary>
internal static class MacMainThreadLoop
{
    public static int Run(Func<Task<int>> command)
    {
        MacMainThreadScheduler scheduler = MacMainThreadScheduler.Instance();
        Task<int> work = Task.Run(async () =>
        {
            try
            {
                return await command().ConfigureAwait(false);
            }
            finally
            {
                scheduler.Stop();
            }
        });

        scheduler.StartMessageLoop(); // returns once Stop() is called
        return work.GetAwaiter().GetResult();
    }
}
