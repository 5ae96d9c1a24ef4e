using GitEntraHelper.Diagnostics;
using Microsoft.Identity.Client;

namespace GitEntraHelper.Identity;

/// <summary>Facts about Microsoft Entra ID and Azure DevOps that every token source shares, defined once.</summary>
public static class Entra
{
    /// <summary>Azure DevOps' application id: the resource every token we hand out is for.</summary>
    public const string AzureDevOpsResource = "499b84ac-1321-427f-aa17-267ca6975798";

    /// <summary>.default asks for what the client application was granted for Azure DevOps.</summary>
    public const string AzureDevOpsScope = AzureDevOpsResource + "/.default";

    public static readonly string[] AzureDevOpsScopes = [AzureDevOpsScope];

    /// <summary>
    /// The home tenant of every personal Microsoft account (client_info utid, id token tid): Entra's
    /// "consumers" tenant (MSAL.NET's Constants.MsaTenantId, GCM's Constants.MsaHomeTenantId).
    /// </summary>
    public const string MicrosoftAccountTenant = "9188040d-6c67-4c5b-b112-36a304b66dad";

    /// <summary>
    /// The MSA transfer tenant: where an MSA pass-through app (the Visual Studio client GCM and we use) gets
    /// Entra tokens for personal accounts, so a silent refresh for such an account is sent here (GCM PRs
    /// 1321/1358, Constants.MsaTransferTenantId; MSAL.NET issue 3077).
    /// </summary>
    public const string MsaTransferTenant = "f8cdef31-a31e-4b4a-93e4-5f571e91255a";

    /// <summary>
    /// Authority hosts MSAL knows (public cloud, US Government, China, the retired German cloud): there
    /// MSAL validates the authority and uses instance discovery. Any other host — a sovereign stand-in, a
    /// proxy, the test emulator — is used as given, without either.
    /// </summary>
    private static readonly string[] MicrosoftAuthorityHosts =
    [
        "login.microsoftonline.com", "login.microsoft.com", "login.windows.net", "sts.windows.net",
        "login.microsoftonline.us", "login-us.microsoftonline.com", "login.usgovcloudapi.net",
        "login.chinacloudapi.cn", "login.partner.microsoftonline.cn", "login.microsoftonline.de",
    ];

    public static bool IsMicrosoftAuthorityHost(Uri authorityHost) =>
        Array.Exists(MicrosoftAuthorityHosts, h => string.Equals(h, authorityHost.Host, StringComparison.OrdinalIgnoreCase));

    /// <summary>The authority URL for a tenant (GUID, "organizations") on the configured host.</summary>
    public static Uri Authority(Uri authorityHost, string tenant) => new(authorityHost, Uri.EscapeDataString(tenant));

    /// <summary>
    /// Sends MSAL's warnings to our trace (never PII, never MSAL's own platform logging) when tracing is
    /// on; every MSAL application builder of ours goes through here.
    /// </summary>
    public static T WithTrace<T>(this T builder, HelperTrace trace) where T : BaseAbstractApplicationBuilder<T> =>
        trace.IsEnabled
            ? builder.WithLogging((_, message, _) => WriteMsalLine(trace, message), LogLevel.Warning, enablePiiLogging: false, enableDefaultPlatformLogging: false)
            : builder;

    /// <summary>
    /// One MSAL log line, minus its cache bookkeeping (logged as warnings on every call) and the prefix of
    /// library/runtime/OS/time that every line repeats.
    /// </summary>
    internal static void WriteMsalLine(HelperTrace trace, string message)
    {
        if (message.Contains("[Internal cache]", StringComparison.Ordinal))
        {
            return;
        }

        const string Marker = "(git-credential-entra) ";
        int start = message.IndexOf(Marker, StringComparison.Ordinal);
        trace.WriteText("msal", start < 0 ? message : message[(start + Marker.Length)..]);
    }
}
