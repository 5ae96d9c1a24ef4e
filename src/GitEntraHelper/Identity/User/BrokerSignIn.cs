using Microsoft.Identity.Client;

namespace GitEntraHelper.Identity.User;

/// <summary>
/// The OS broker (WAM, macOS Enterprise SSO, Microsoft identity broker on Linux) through MSAL.Broker.
/// When the broker is missing or refuses this app — by our probe (<see cref="BrokerChoice"/>), by MSAL failing
/// to start its runtime, or by an answer that means the app cannot use the broker here (a redirect URI it
/// has not registered) — this flow reports itself unavailable and the next flow runs: one trace line, never an error.
/// </summary>
internal sealed class BrokerSignIn(IMsalUserClientFactory clients, IBrokerPlatform platform) : IInteractiveSignIn
{
    /// <summary>MSAL's codes for "the broker runtime cannot run here".</summary>
    internal static bool IsBrokerMissing(MsalClientException e) =>
        e.ErrorCode is "wam_runtime_init_failed" or MsalError.WamUiThread;

    /// <summary>
    /// MSAL.Broker's code when WAM gets no window to parent its dialog: a helper started without a
    /// console (by a GUI git client, or under Wine) has none. Seen running the Windows build under Wine.
    /// </summary>
    internal const string WindowHandleRequired = "window_handle_required";

    public async Task<AuthenticationResult> SignInAsync(SignInRequest request, CancellationToken cancellationToken)
    {
        BrokerStatus status = platform.Probe();
        if (!status.Available)
        {
            throw new SignInFlowUnavailableException(status.Reason);
        }

        IMsalUserClient client = clients.Create(request.Tenant, broker: true);
        Func<IntPtr>? parent = OperatingSystem.IsWindows() ? platform.ParentWindow : null;
        try
        {
            return await platform.RunInteractiveAsync(() => client.AcquireInteractiveAsync(
                new InteractiveOptions(request.LoginHint, request.Claims, null, parent, request.SelectAccount),
                cancellationToken)).ConfigureAwait(false);
        }
        catch (MsalClientException e) when (IsBrokerMissing(e))
        {
            throw new SignInFlowUnavailableException($"MSAL could not start the broker ({e.ErrorCode})", e);
        }
        catch (MsalClientException e) when (e.ErrorCode == WindowHandleRequired)
        {
            throw new SignInFlowUnavailableException($"Web Account Manager needs a window for its dialog and this process has no console window ({e.ErrorCode})", e);
        }
        catch (MsalException e) when (BrokerChoice.IsUnusable(e))
        {
            // e.g. the app has no broker redirect URI registered for this OS: the browser can still sign in.
            throw new SignInFlowUnavailableException($"the broker cannot sign this app in here ({e.ErrorCode}: {MsalErrorLine.FirstLine(e.Message)})", e);
        }
    }
}
