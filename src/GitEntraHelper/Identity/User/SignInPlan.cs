using GitEntraHelper.Settings;

namespace GitEntraHelper.Identity.User;

/// <summary>
/// The order in which interactive flows are tried. <c>auto</c>: broker when its probe passes, then the
/// system browser when a desktop session exists or BROWSER names a browser, then device code when a
/// terminal is reachable. An explicit <c>broker</c> falls back the same way; explicit <c>system</c> and
/// <c>devicecode</c> use only that flow.
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

        if (interaction.Desktop || browserConfigured)
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
