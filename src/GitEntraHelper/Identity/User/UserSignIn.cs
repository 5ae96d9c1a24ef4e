using GitEntraHelper.AzureDevOps;
using GitEntraHelper.Platform;
using GitEntraHelper.Settings;
using GitEntraHelper.TokenCache;

namespace GitEntraHelper.Identity.User;

/// <summary>
/// Wires the signed-in user source for one run. Nothing here touches MSAL, the disk or the terminal
/// until the source is asked for a token.
/// </summary>
internal static class UserSignIn
{
    /// <summary>The account bindings file in the state directory.</summary>
    public const string BindingsFileName = "accounts.json";

    public static UserTokenSource CreateSource(IdentityServices services, HelperSettings settings, string organization)
    {
        UserSignInSettings user = UserSignInSettings.From(settings, organization);
        Func<string, string?> environment = services.Environment.Get;
        // Only where this app registration can use the broker (the default client: Windows only, GCM issue 2043).
        IBrokerPlatform broker = BrokerChoice.Restrict(BrokerPlatform.ForCurrentOs(environment), user);
        ITokenCachePersistence cache = TokenCachePersistence.Create(settings, services.Paths, services.Trace);
        var clients = new PublicClientAppFactory(user.ClientId, settings.AuthorityHost, cache, broker, services.Trace)
        {
            BrokerRedirectUri = BrokerChoice.BrokerClientRedirectUri(broker.OperatingSystem, user),
        };
        if (user.PatRequested)
        {
            services.Trace.Write("signin", $"{settings.DescribeSource(SettingKeys.CredentialType)} is pat: git-credential-entra creates no PATs and answers with an Entra ID token, which Azure DevOps accepts wherever a PAT works for git");
        }

        var launcher = new BrowserLauncher(environment, services.Commands, services.Trace);
        var flows = new Dictionary<SignInFlow, IInteractiveSignIn>
        {
            [SignInFlow.Broker] = new BrokerSignIn(clients, broker),
            [SignInFlow.System] = new SystemBrowserSignIn(clients, launcher, services.Terminal, services.Trace, () => settings.BrowserTimeout),
            [SignInFlow.DeviceCode] = new DeviceCodeSignIn(clients, services.Terminal, services.Clock, services.Trace),
        };
        var probe = new Lazy<BrokerStatus>(() =>
        {
            BrokerStatus status = broker.Probe();
            if (!status.Available)
            {
                services.Trace.Write("signin", $"broker: not used here ({status.Reason})");
            }

            return status;
        });
        return new UserTokenSource(
            user,
            clients,
            cache,
            BindingStore(services.Paths, services.Trace),
            flows,
            () => probe.Value,
            browserConfigured: !string.IsNullOrWhiteSpace(environment(Variables.Browser)),
            new AccountAccessCheck(services.CreateHttpHandler, services.Trace),
            services.Trace,
            services.Terminal);
    }

    public static FileAccountBindingStore BindingStore(HelperPaths paths, Diagnostics.HelperTrace trace) =>
        new(Path.Combine(paths.StateDirectory, BindingsFileName), trace);
}
