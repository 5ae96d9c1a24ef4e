using GitEntraHelper.Settings;

namespace GitEntraHelper.Identity.User;

/// <summary>
/// The order in which interactive flows are tried. <c>auto</c>: broker when its probe passes, then the
/// browser where one can reach the user (a desktop session, or WSL, whose launcher tries the Windows
/// browser's ways in turn) or BROWSER names one, then device code when a terminal is reachable. In a dev
/// container or Codespace no browser is tried (their BROWSER is VS Code's, and the loopback redirect
/// does not reliably come back): device code. An SSH login without a display has no browser either,
/// unless the user set BROWSER. An explicit <c>broker</c> falls back the same way; explicit
/// <c>system</c> and <c>devicecode</c> use only that flow.
/// </summary>
internal static class SignInPlan
{
    public static IReadOnlyList<SignInFlow> For(SignInFlow configured, InteractionDecision interaction, bool browserConfigured, Func<BrokerStatus> brokerProbe)
    {
        switch (configured)
        {
            case SignInFlow.System:
                return [SignInFlow.System];
            case SignInFlow.DeviceCode:
                return [SignInFlow.DeviceCode];
        }

        var flows = new List<SignInFlow>(3);
        // An explicit broker is always attempted so its unavailability is traced; auto asks the probe first.
        if (configured == SignInFlow.Broker || (interaction.Desktop && brokerProbe().Available))
        {
            flows.Add(SignInFlow.Broker);
        }

        bool remoteIde = interaction.Session is SessionKind.DevContainer or SessionKind.Codespaces;
        if (!remoteIde && (interaction.BrowserReachesUser || browserConfigured))
        {
            flows.Add(SignInFlow.System);
        }

        if (interaction.Terminal)
        {
            flows.Add(SignInFlow.DeviceCode);
        }

        return flows;
    }
}
