using GitEntraHelper.Diagnostics;

namespace GitEntraHelper.AzureDevOps.Pats;

/// <summary>
/// Where an organization's vssps service (identity, tokens; the PAT lifecycle API) answers. Azure DevOps
/// names it in every anonymous 401 (<c>X-VSS-AuthorizationEndpoint</c>, read by microsoft/artifacts-credprovider's
/// IAuthUtil.GetAuthorizationEndpoint). The header is believed only when it names the organization's own
/// host or one of Microsoft's documented vssps hosts — a header must never send the user's token to a
/// host of a server's choosing. Without a usable header the documented rule stands: https://dev.azure.com/ORG
/// → https://vssps.dev.azure.com/ORG/ (learn.microsoft.com "Pats", REST reference), https://ORG.visualstudio.com
/// → https://ORG.vssps.visualstudio.com/ (the legacy form of the same service).
/// </summary>
public static class VsspsEndpoint
{
    public const string DevAzureVsspsHost = "vssps.dev.azure.com";
    public const string VisualStudioVsspsSuffix = ".vssps.visualstudio.com";

    /// <summary>The endpoint (ends with '/'), and whether the header or the rule gave it.</summary>
    /// <exception cref="HelperException">A declared host that named no usable endpoint.</exception>
    public static (Uri Endpoint, string Origin) Choose(AzureDevOpsTarget target, string? header)
    {
        if (header is not null)
        {
            if (FromHeader(target, header) is { } named)
            {
                return (named, $"the organization's {OrganizationProbe.AuthorizationEndpointHeader} header");
            }
        }

        if (Documented(target) is { } rule)
        {
            return (rule, header is null ? "the documented rule" : $"the documented rule (ignored {OrganizationProbe.AuthorizationEndpointHeader} {Describe(header)}: not the organization's host nor a Microsoft vssps host)");
        }

        throw new HelperException(header is null
            ? $"{target.OrganizationUrl} did not name its vssps endpoint ({OrganizationProbe.AuthorizationEndpointHeader}), and only dev.azure.com and *.visualstudio.com have a documented one: the PAT commands need Azure DevOps Services"
            : $"{target.OrganizationUrl} named {Describe(header)} as its vssps endpoint, which is neither its own host nor a Microsoft vssps host: refused, so no token goes there");
    }

    /// <summary>The header's endpoint when it may receive the user's token; null when refused.</summary>
    public static Uri? FromHeader(AzureDevOpsTarget target, string header)
    {
        if (!Uri.TryCreate(header.Trim(), UriKind.Absolute, out Uri? uri) || uri.Scheme != Uri.UriSchemeHttps
            || uri.UserInfo.Length > 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            return null;
        }

        Uri organization = target.OrganizationUrl;
        bool sameHost = uri.IdnHost.Equals(organization.IdnHost, StringComparison.OrdinalIgnoreCase) && uri.Port == organization.Port;
        if (!sameHost && !(uri.IsDefaultPort && IsMicrosoftVsspsHost(uri.IdnHost)))
        {
            return null;
        }

        return new Uri(uri.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/");
    }

    /// <summary>vssps.dev.azure.com, or one DNS label + .vssps.visualstudio.com.</summary>
    public static bool IsMicrosoftVsspsHost(string host)
    {
        if (host.Equals(DevAzureVsspsHost, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (!host.EndsWith(VisualStudioVsspsSuffix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        string label = host[..^VisualStudioVsspsSuffix.Length];
        return label.Length is > 0 and <= 63 && !label.StartsWith("xn--", StringComparison.OrdinalIgnoreCase)
            && label[0] != '-' && label[^1] != '-' && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
    }

    /// <summary>The documented endpoint of a Microsoft-hosted organization; null for a declared host.</summary>
    public static Uri? Documented(AzureDevOpsTarget target)
    {
        string host = target.OrganizationUrl.IdnHost;
        if (!target.OrganizationUrl.IsDefaultPort)
        {
            return null;
        }

        if (host.Equals(AzureDevOpsUrl.DevAzureHost, StringComparison.OrdinalIgnoreCase))
        {
            return new Uri($"https://{DevAzureVsspsHost}/{Uri.EscapeDataString(target.Organization)}/");
        }

        return host.EndsWith(AzureDevOpsUrl.VisualStudioSuffix, StringComparison.OrdinalIgnoreCase)
            ? new Uri($"https://{host[..^AzureDevOpsUrl.VisualStudioSuffix.Length].ToLowerInvariant()}{VisualStudioVsspsSuffix}/")
            : null;
    }

    /// <summary>A server-provided value as it may be shown: one line, bounded.</summary>
    private static string Describe(string header)
    {
        string line = Redactor.Scrub(header.Trim());
        return "'" + (line.Length > 120 ? line[..120] + "…" : line) + "'";
    }
}
