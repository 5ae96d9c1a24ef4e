using GitEntraHelper.Commands;
using GitEntraHelper.Settings;
using GitEntraHelper.TokenCache;
using GitEntraHelper.Platform;

namespace GitEntraHelper.Identity.User;

/// <summary>
/// Wires the signed-in user source for one run. Nothing here touches MSAL, the disk or the terminal
/// until the source is asked for a token.
/// </summary>
internal static class UserSignIn
{
    /// <summary>The account bindings file in the state directory.</summary>
    public const string BindingsFileName = "accounts.json";

    public static UserTokenSource CreateSource(HelperContext context, HelperSettings settings, string organization)
    {
        UserSignInSettings user = UserSignInSettings.From(settings, organization);
        Func<string, string?> environment = context.Environment.Get;
        IBrokerPlatform broker = BrokerPlatform.ForCurrentOs(environment);
        ITokenCachePersistence cache = TokenCachePersistence.Create(settings, context.Paths, context.Trace);
        var clients = new PublicClientAppFactory(user.ClientId, settings.AuthorityHost, cache, broker, context.Trace);
        var terminal = new ConsoleTerminal(context.Error);
        var launcher = new BrowserLauncher(environment, new ProcessCommandStarter(), context.Trace);
        var flows = new Dictionary<SignInFlow, IInteractiveSignIn>
        {
            [SignInFlow.Broker] = new BrokerSignIn(clients, broker),
            [SignInFlow.System] = new SystemBrowserSignIn(clients, launcher, terminal, context.Trace),
            [SignInFlow.DeviceCode] = new DeviceCodeSignIn(clients, terminal, context.Clock, context.Trace),
        };
        var probe = new Lazy<BrokerStatus>(broker.Probe);
        return new UserTokenSource(
            user,
            clients,
            cache,
            BindingStore(context),
            flows,
            () => InteractionPolicy.Decide(user.Interactive, environment, () => terminal.IsAvailable, () => DesktopSession.IsPresent(environment)),
            () => probe.Value,
            browserConfigured: !string.IsNullOrWhiteSpace(environment("BROWSER")),
            context.Trace);
    }

    public static FileAccountBindingStore BindingStore(HelperContext context) =>
        new(Path.Combine(context.Paths.StateDirectory, BindingsFileName), context.Trace);
}
