using GitEntraHelper.Diagnostics;
using GitEntraHelper.Platform;

namespace GitEntraHelper.Settings;

/// <summary>How an interactive sign-in is shown (GCM's <c>credential.msauthFlow</c> values, plus <c>broker</c>).</summary>
public enum SignInFlow
{
    /// <summary>Broker where one is available, else the system browser in a desktop session, else device code.</summary>
    Auto,
    System,
    DeviceCode,
    Broker,
}

/// <summary>Whether the helper may wait for a human (<c>credential.interactive</c> / <c>GCM_INTERACTIVE</c>).</summary>
public enum InteractivePreference
{
    /// <summary>Interact when a human can be reached: not in CI, and a terminal or desktop session exists.</summary>
    Auto,

    /// <summary>Never interact: silent acquisition only.</summary>
    Never,

    /// <summary>Interact even when no terminal is detected (CI=true and a missing TTY are ignored).</summary>
    Always,
}

/// <summary>
/// The signed-in user's settings: which client id, which sign-in flow, whether interaction is allowed,
/// and a user name pinned for the remote URL.
/// </summary>
/// <param name="ClientId">Public client application id; defaults to the Azure DevOps client GCM uses.</param>
/// <param name="Flow">Interactive flow.</param>
/// <param name="Interactive">Interaction preference from config or environment.</param>
/// <param name="PinnedUsername">credential.&lt;url&gt;.username when it names a user (contains '@'), else null.</param>
public sealed record UserSignInSettings(string ClientId, SignInFlow Flow, InteractivePreference Interactive, string? PinnedUsername)
{
    /// <summary>The public client GCM uses for Azure Repos (redirect http://localhost).</summary>
    public const string DefaultClientId = "872cd9fa-d31f-45e0-9eab-6e460a02d1f1";

    public static UserSignInSettings Default { get; } = new(DefaultClientId, SignInFlow.Auto, InteractivePreference.Auto, null);

    /// <summary>GCM's credential.msauthUseBroker: true asks the broker first, false never uses it, null lets <see cref="Flow"/> decide.</summary>
    public bool? UseBroker { get; init; }

    /// <summary>credential.entraBrokerRedirectUri: the broker redirect URI the configured app registration has, or null.</summary>
    public string? BrokerRedirectUri { get; init; }

    /// <summary>GCM's credential.azreposCredentialType asked for PATs (we answer with Entra tokens all the same).</summary>
    public bool PatRequested { get; init; }

    /// <summary>Reads the signed-in user's settings for the remote URL (one git config read, shared with the other areas).</summary>
    public static UserSignInSettings From(HelperSettings settings, string organization)
    {
        bool? useBroker = ParseUseBroker(settings.GetString(SettingKeys.MsAuthUseBroker), settings.DescribeSource(SettingKeys.MsAuthUseBroker));
        SignInFlow flow = ParseFlow(settings.GetString(SettingKeys.MsAuthFlow), settings.DescribeSource(SettingKeys.MsAuthFlow));
        return new(
            ParseClientId(settings.GetString(SettingKeys.ClientId), settings.DescribeSource(SettingKeys.ClientId)),
            useBroker == true ? SignInFlow.Broker : flow, // as GCM: a broker it may use comes before any flow preference
            ParseInteractive(settings.GetString(SettingKeys.Interactive), settings.DescribeSource(SettingKeys.Interactive)),
            ParsePinnedUsername(settings.GetString(SettingKeys.Username), organization))
        {
            UseBroker = useBroker,
            BrokerRedirectUri = ParseBrokerRedirectUri(settings.GetString(SettingKeys.BrokerRedirectUri), settings.DescribeSource(SettingKeys.BrokerRedirectUri)),
            PatRequested = ParseCredentialType(settings.GetString(SettingKeys.CredentialType), settings.DescribeSource(SettingKeys.CredentialType)),
        };
    }

    /// <summary>git's booleans; unset (or empty) is null: no preference.</summary>
    public static bool? ParseUseBroker(string? value, string source)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return GitBoolean.TryParse(value, out bool result)
            ? result
            : throw new HelperException($"{source} is '{value.Trim()}', expected true or false");
    }

    /// <summary>An absolute URI (as the app registration lists it), or null when unset.</summary>
    public static string? ParseBrokerRedirectUri(string? value, string source)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        string v = value.Trim();
        return Uri.TryCreate(v, UriKind.Absolute, out _)
            ? v
            : throw new HelperException($"{source} must be the broker redirect URI your app registration lists (an absolute URI), not '{v}'");
    }

    /// <summary>
    /// GCM's <c>pat</c> or <c>oauth</c> (case-insensitive); true for <c>pat</c>. We never mint PATs: both mean an
    /// Entra token, which Azure DevOps takes wherever a PAT works for git.
    /// </summary>
    public static bool ParseCredentialType(string? value, string source)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        return value.Trim().ToLowerInvariant() switch
        {
            "pat" => true,
            "oauth" => false,
            _ => throw new HelperException($"{source} has an unknown value '{value.Trim()}': use oauth (or GCM's pat, which answers with an Entra token too)"),
        };
    }

    /// <summary>Parses a msauthFlow value; GCM's <c>embedded</c> means the system browser here (no embedded web view).</summary>
    public static SignInFlow ParseFlow(string? value, string source)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return SignInFlow.Auto;
        }

        return value.Trim().ToLowerInvariant() switch
        {
            "auto" => SignInFlow.Auto,
            "system" or "browser" or "embedded" => SignInFlow.System,
            "devicecode" or "device-code" or "device" => SignInFlow.DeviceCode,
            "broker" => SignInFlow.Broker,
            _ => throw new HelperException(
                $"{source} has an unknown value '{value.Trim()}': use auto, system, devicecode or broker"),
        };
    }

    /// <summary>
    /// Parses credential.interactive / GCM_INTERACTIVE. As in GCM, <c>never</c>, <c>false</c>, <c>0</c> and <c>no</c>
    /// disable interaction and <c>true</c> means "when needed"; <c>always</c>/<c>force</c> additionally ignore the
    /// missing-terminal and CI heuristics (for scripted sign-ins that show the device code on stderr).
    /// </summary>
    public static InteractivePreference ParseInteractive(string? value, string source)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return InteractivePreference.Auto;
        }

        return value.Trim().ToLowerInvariant() switch
        {
            "auto" or "true" or "yes" or "on" or "1" => InteractivePreference.Auto,
            "never" or "false" or "no" or "off" or "0" => InteractivePreference.Never,
            "always" or "force" => InteractivePreference.Always,
            _ => throw new HelperException(
                $"{source} has an unknown value '{value.Trim()}': use auto, never or always"),
        };
    }

    /// <summary>
    /// A client id must be a GUID: a typo would otherwise surface as an obscure error page in the browser.
    /// </summary>
    public static string ParseClientId(string? value, string source)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return DefaultClientId;
        }

        string v = value.Trim();
        return Guid.TryParse(v, out _)
            ? v
            : throw new HelperException($"{source} must be an application (client) id GUID, not '{v}'");
    }

    /// <summary>
    /// git copies the URL's user part (https://contoso@dev.azure.com/...) into username, and that is the
    /// organization, not a user; only a value that looks like a sign-in name (has '@') pins an account.
    /// </summary>
    public static string? ParsePinnedUsername(string? value, string organization)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        string v = value.Trim();
        if (!v.Contains('@', StringComparison.Ordinal) || v.Equals(organization, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return v;
    }
}

/// <summary>Keys of the signed-in user (GCM's names where a migrating user expects them).</summary>
public static partial class SettingKeys
{
    public static readonly SettingKey MsAuthFlow = Define(
        "credential.msauthFlow", Variables.GcmMsAuthFlow, "auto",
        "how to sign in: auto (broker, else browser in a desktop session, else device code), system, devicecode or broker");

    public static readonly SettingKey ClientId = Define(
        "credential.azreposClientId", Variables.ClientId, UserSignInSettings.DefaultClientId,
        "public client (application) id used to sign users in; default: the Azure DevOps client GCM uses", isProtected: true);

    public static readonly SettingKey Interactive = Define(
        "credential.interactive", Variables.GcmInteractive, "auto",
        "never: silent only, fail instead of prompting; always: prompt even without a detected terminal or in CI");

    public static readonly SettingKey MsAuthUseBroker = Define(
        "credential.msauthUseBroker", Variables.GcmMsAuthUseBroker, null,
        "GCM's key: true signs in with the OS broker first (where this client can use it), false never uses the broker; unset: as credential.msauthFlow says");

    public static readonly SettingKey BrokerRedirectUri = Define(
        "credential.entraBrokerRedirectUri", Variables.BrokerRedirectUri, null,
        "with your own credential.azreposClientId: the broker redirect URI that app registers, so the broker may be used (Windows ms-appx-web://microsoft.aad.brokerplugin/CLIENT-ID, macOS msauth.com.msauth.unsignedapp://auth, Linux https://login.microsoftonline.com/common/oauth2/nativeclient)");

    public static readonly SettingKey CredentialType = Define(
        "credential.azreposCredentialType", Variables.GcmCredentialType, "oauth",
        "GCM's key: oauth or pat; both answer with an Entra ID token (no PAT is created), pat says so once in the trace");

    public static readonly SettingKey Username = Define(
        "credential.username", null, null,
        "set per URL (credential.https://dev.azure.com/ORG.username) to a user name to pin the account for that organization");
}
