using GitEntraHelper.Settings;
using Microsoft.Identity.Client;
using Microsoft.Identity.Client.Utils;

namespace GitEntraHelper.Identity.User;

/// <summary>
/// The macOS Enterprise SSO broker (installed with Company Portal). MSAL requires its interactive calls on
/// the main thread with a running message loop; a console helper has one only when Program hosts it via
/// <see cref="MacMainThreadScheduler"/>, so without that loop the broker counts as unavailable.
/// </summary>
internal sealed class MacBrokerPlatform(Func<string, string?> environment, Func<string, bool> directoryExists, Func<bool> mainLoopRunning) : IBrokerPlatform
{
    private const string CompanyPortal = "/Applications/Company Portal.app";

    public MacBrokerPlatform(Func<string, string?> environment)
        : this(environment, Directory.Exists, () => MacMainThreadScheduler.Instance().IsRunning())
    {
    }

    public BrokerOptions.OperatingSystems OperatingSystem => BrokerOptions.OperatingSystems.OSX;

    public BrokerStatus Probe()
    {
        if (!directoryExists(CompanyPortal))
        {
            return new(false, "the macOS broker needs Company Portal (not installed)");
        }

        // Over SSH the broker window would open on the Mac's screen, not in front of the user.
        if (InteractionPolicy.IsSsh(environment))
        {
            return new(false, "no desktop session (SSH)");
        }

        return mainLoopRunning()
            ? new(true, "macOS Enterprise SSO")
            : new(false, "the macOS broker needs the main-thread message loop, which this process does not run");
    }

    public IntPtr ParentWindow() => IntPtr.Zero;

    public async Task<T> RunInteractiveAsync<T>(Func<Task<T>> work)
    {
        T result = default!;
        await MacMainThreadScheduler.Instance().RunOnMainThreadAsync(async () => result = await work().ConfigureAwait(false)).ConfigureAwait(false);
        return result;
    }
}
