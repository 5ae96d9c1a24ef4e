using GitEntraHelper.Settings;
using Microsoft.Identity.Client;

namespace GitEntraHelper.Identity.User;

/// <summary>
/// Whether this app registration may use this OS's broker at all, before the platform's own probe. A broker
/// signs in only with the redirect URI the app registered for it (learn.microsoft.com, MSAL.NET "Using MSAL.NET
/// with the macOS broker" and "Enable SSO in native Linux apps"; WAM derives its own):
/// Windows <c>ms-appx-web://microsoft.aad.brokerplugin/{client id}</c>, macOS (an unsigned command-line
/// program) <c>msauth.com.msauth.unsignedapp://auth</c>, Linux
/// <c>https://login.microsoftonline.com/common/oauth2/nativeclient</c>. The default client (Visual Studio's,
/// as GCM uses it) has only the Windows one: on macOS and Linux it cannot use the broker (GCM issue 2043).
/// Another app says it can with <c>credential.entraBrokerRedirectUri</c>.
/// </summary>
internal static class BrokerChoice
{
    public const string WindowsRedirectPrefix = "ms-appx-web://microsoft.aad.brokerplugin/";
    public const string MacRedirectUri = "msauth.com.msauth.unsignedapp://auth";
    public const string LinuxRedirectUri = "https://login.microsoftonline.com/common/oauth2/nativeclient";

    /// <summary>The redirect URI an app registration needs for the broker of <paramref name="os"/>.</summary>
    public static string RedirectUriFor(BrokerOptions.OperatingSystems os, string clientId) => os switch
    {
        BrokerOptions.OperatingSystems.Windows => WindowsRedirectPrefix + clientId,
        BrokerOptions.OperatingSystems.OSX => MacRedirectUri,
        _ => LinuxRedirectUri,
    };

    /// <summary>Why this client cannot use the broker of <paramref name="os"/>, or null when it may.</summary>
    public static string? Refusal(BrokerOptions.OperatingSystems os, UserSignInSettings user)
    {
        if (user.UseBroker == false)
        {
            return $"{SettingKeys.MsAuthUseBroker.GitConfigKey} is false";
        }

        bool defaultClient = string.Equals(user.ClientId, UserSignInSettings.DefaultClientId, StringComparison.OrdinalIgnoreCase);
        string expected = RedirectUriFor(os, user.ClientId);
        if (defaultClient)
        {
            return os == BrokerOptions.OperatingSystems.Windows
                ? null
                : $"the default client has no broker redirect URI on {Name(os)} (GCM issue 2043): to use the broker, " +
                  $"register {expected} for your own app and set {SettingKeys.ClientId.GitConfigKey} and {SettingKeys.BrokerRedirectUri.GitConfigKey}";
        }

        if (user.BrokerRedirectUri is not { } configured)
        {
            return $"{SettingKeys.BrokerRedirectUri.GitConfigKey} is not set for client {user.ClientId}: register {expected} for it and set that key";
        }

        return os == BrokerOptions.OperatingSystems.Windows && !configured.Equals(expected, StringComparison.OrdinalIgnoreCase)
            ? $"{SettingKeys.BrokerRedirectUri.GitConfigKey} is {configured}, but Web Account Manager signs client {user.ClientId} in with {expected}"
            : null;
    }

    /// <summary>
    /// MSAL's options for this OS's broker. MSA pass-through (Microsoft accounts through "organizations", a
    /// first-party feature) only for the default client on Windows, as GCM sets it.
    /// </summary>
    public static BrokerOptions Options(BrokerOptions.OperatingSystems os, string clientId) => new(os)
    {
        Title = "Git",
        MsaPassthrough = os == BrokerOptions.OperatingSystems.Windows
            && string.Equals(clientId, UserSignInSettings.DefaultClientId, StringComparison.OrdinalIgnoreCase),
    };

    /// <summary>The redirect URI of the broker-enabled client: the registered one on macOS and Linux; on Windows WAM ignores it.</summary>
    public static string? BrokerClientRedirectUri(BrokerOptions.OperatingSystems os, UserSignInSettings user) =>
        os == BrokerOptions.OperatingSystems.Windows ? null : user.BrokerRedirectUri;

    /// <summary>MSAL's answers that mean "this app cannot use the broker here": fall back to the browser.</summary>
    public static bool IsUnusable(MsalException e) => e switch
    {
        MsalClientException c => BrokerSignIn.IsBrokerMissing(c) || c.ErrorCode is MsalError.RedirectUriValidationFailed
            or MsalError.BrokerApplicationRequired or MsalError.CannotInvokeBroker or MsalError.PlatformNotSupported
            or MsalError.InitializeProcessSecurityError,
        // WAM's IncorrectConfiguration / ApiContractViolation ("possible cause: invalid redirect uri", MSAL.NET
        // RuntimeBroker WamAdapters), and Entra's own redirect URI refusals coming back through a broker.
        MsalServiceException s => s.ErrorCode.StartsWith("WAM_provider_error_", StringComparison.OrdinalIgnoreCase)
            || s.Message.Contains("AADSTS50011", StringComparison.Ordinal) || s.Message.Contains("AADSTS500113", StringComparison.Ordinal),
        _ => false,
    };

    /// <summary>The platform, with <see cref="Refusal"/> in front of its own probe.</summary>
    public static IBrokerPlatform Restrict(IBrokerPlatform platform, UserSignInSettings user) =>
        Refusal(platform.OperatingSystem, user) is { } reason ? new Refused(platform, reason) : platform;

    private static string Name(BrokerOptions.OperatingSystems os) => os == BrokerOptions.OperatingSystems.OSX ? "macOS" : "Linux";

    private sealed class Refused(IBrokerPlatform inner, string reason) : IBrokerPlatform
    {
        public BrokerOptions.OperatingSystems OperatingSystem => inner.OperatingSystem;

        public BrokerStatus Probe() => new(false, reason);

        public IntPtr ParentWindow() => inner.ParentWindow();

        public Task<T> RunInteractiveAsync<T>(Func<Task<T>> work) => inner.RunInteractiveAsync(work);
    }
}
