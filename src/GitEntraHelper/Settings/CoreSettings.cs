using GitEntraHelper.Platform;

namespace GitEntraHelper.Settings;

/// <summary>Keys owned by the foundation: which hosts are ours, tenant, authority, tracing.</summary>
public static partial class SettingKeys
{
    public static readonly SettingKey Trace = Define(
        null, Variables.Trace, null,
        "1 traces each stage with timings to stderr; an absolute path appends the trace to that file");

    public static readonly SettingKey Provider = Define(
        "credential.provider", null, null,
        "set per host (credential.https://HOST.provider) to azure-devops or GCM's azure-repos: that host is Azure DevOps too", isProtected: true);

    public static readonly SettingKey TenantId = Define(
        "credential.entraTenantId", Variables.TenantId, null,
        "Entra tenant id (GUID or organizations) of the organization; skips tenant discovery", isProtected: true);

    public static readonly SettingKey AuthorityHost = Define(
        null, Variables.AuthorityHost, "https://login.microsoftonline.com/",
        "Entra authority host (ends with /), as in the Azure SDKs; never taken from a server challenge");

    public static readonly SettingKey UseHttpPath = Define(
        "credential.useHttpPath", null, "false",
        "git sends the repository path to helpers; set it for https://dev.azure.com so the organization is known");
}

public sealed partial class HelperSettings
{
    /// <summary>The provider value git config declares for this URL, lower-cased, or null.</summary>
    public string? DeclaredProvider => GetString(SettingKeys.Provider)?.Trim().ToLowerInvariant();

    /// <summary>True when git config declares this URL's host as Azure DevOps.</summary>
    public bool IsDeclaredAzureDevOps => DeclaredProvider is "azure-devops" or "azure-repos";

    /// <summary>A configured tenant id, or null.</summary>
    public string? ConfiguredTenantId => GetString(SettingKeys.TenantId)?.Trim();

    /// <summary>The authority host as an absolute https URI ending with '/'.</summary>
    public Uri AuthorityHost
    {
        get
        {
            string value = GetString(SettingKeys.AuthorityHost)!.Trim();
            if (!value.EndsWith('/'))
            {
                value += "/";
            }

            return Uri.TryCreate(value, UriKind.Absolute, out Uri? uri) && uri.Scheme == Uri.UriSchemeHttps
                ? uri
                : throw new Diagnostics.HelperException($"AZURE_AUTHORITY_HOST is '{value}', expected an https URL such as https://login.microsoftonline.com/");
        }
    }
}
