using GitEntraHelper.Protocol;

namespace GitEntraHelper.AzureDevOps;

/// <summary>
/// Is a git request for Azure DevOps, and which organization? Ours: <c>dev.azure.com</c> and
/// <c>{org}.visualstudio.com</c> (exact ASCII names, any case, default port), and hosts the caller
/// says git config declares as Azure DevOps (dev.azure.com URL form, any port; a plain host name or IP
/// literal). Everything else — look-alikes, other ports, punycode, trailing dots — is not ours. Plain http to an Azure DevOps host
/// is refused rather than answered, so a token never travels unencrypted.
/// </summary>
public static class AzureDevOpsUrl
{
    public const string DevAzureHost = "dev.azure.com";
    public const string VisualStudioSuffix = ".visualstudio.com";

    /// <summary>True when the host (with optional :port) is a Microsoft-hosted Azure DevOps name.</summary>
    public static bool IsWellKnownHost(string? host) =>
        host is not null && SplitHost(host) is { } split && split.Port is null or 443
        && (split.Name.Equals(DevAzureHost, StringComparison.OrdinalIgnoreCase) || VisualStudioOrganization(split.Name) is not null);

    /// <param name="request">git's request.</param>
    /// <param name="declaredByConfig">True when git config declares this URL's provider as Azure DevOps.</param>
    public static RemoteMatch Match(CredentialRequest request, bool declaredByConfig)
    {
        if (string.IsNullOrEmpty(request.Host) || SplitHost(request.Host) is not { } split)
        {
            return RemoteMatch.NotOurs;
        }

        var (hostName, port) = split;

        bool https = string.Equals(request.Protocol, "https", StringComparison.OrdinalIgnoreCase);
        bool http = string.Equals(request.Protocol, "http", StringComparison.OrdinalIgnoreCase);
        bool devAzure = hostName.Equals(DevAzureHost, StringComparison.OrdinalIgnoreCase) && port is null or 443;
        string? vsOrganization = port is null or 443 ? VisualStudioOrganization(hostName) : null;

        if (!devAzure && vsOrganization is null && (!declaredByConfig || !IsPlainHostName(hostName)))
        {
            return RemoteMatch.NotOurs;
        }

        if (!https)
        {
            return http
                ? RemoteMatch.Refuse($"refusing to send an Azure DevOps token over plain http to {request.Host}; use an https:// remote URL")
                : RemoteMatch.NotOurs;
        }

        if (vsOrganization is not null)
        {
            string org = vsOrganization.ToLowerInvariant();
            return Ours(new Uri($"https://{org}{VisualStudioSuffix}"), org);
        }

        // dev.azure.com URL form: https://HOST[:PORT]/{org}/{project}/_git/{repo}, or org@HOST without a path.
        string? candidate = FirstSegment(request.Path) ?? NullIfEmpty(request.Username);
        if (candidate is null)
        {
            string configUrl = devAzure ? "https://dev.azure.com" : $"https://{request.Host}";
            return RemoteMatch.Refuse(
                $"git did not send the repository path, so the Azure DevOps organization is unknown; run: git config --global credential.{configUrl}.useHttpPath true");
        }

        if (!IsValidOrganizationName(candidate))
        {
            return RemoteMatch.Refuse($"'{candidate}' in {request.Protocol}://{request.Host}/{request.Path} is not an Azure DevOps organization name");
        }

        string organization = candidate.ToLowerInvariant();
        string authority = devAzure ? DevAzureHost : request.Host.ToLowerInvariant();
        return Uri.TryCreate($"https://{authority}/{organization}", UriKind.Absolute, out Uri? organizationUrl)
            ? Ours(organizationUrl, organization)
            : RemoteMatch.NotOurs; // e.g. "[::::]": no server git could reach
    }

    /// <summary>Organization names: letters, digits, '-', '_' and '.', starting with a letter or digit, at most 64 characters.</summary>
    public static bool IsValidOrganizationName(string name)
    {
        if (name.Length is 0 or > 64 || !char.IsAsciiLetterOrDigit(name[0]) || name.EndsWith('.'))
        {
            return false;
        }

        foreach (char c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_' and not '.')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// A DNS name or a bracketed IP literal, as a URL git fetches from carries it. A declared host is
    /// written into the organization URL, so anything else ('@', '/', a space: git's `url=` decodes
    /// %40 and %2F) would make that URL name another server than git's, or not parse.
    /// </summary>
    private static bool IsPlainHostName(string name)
    {
        if (name.Length > 2 && name[0] == '[' && name[^1] == ']')
        {
            return !name.AsSpan(1, name.Length - 2).ContainsAnyExcept("0123456789abcdefABCDEF:.");
        }

        return name.Length > 0 && !name.AsSpan().ContainsAnyExcept("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._");
    }

    private static RemoteMatch Ours(Uri organizationUrl, string organization) =>
        new(RemoteKind.Ours, new AzureDevOpsTarget(organizationUrl, organization, null, TenantSource.Unknown));

    /// <summary>"{org}.visualstudio.com" with exactly one valid DNS label before the suffix, else null.</summary>
    private static string? VisualStudioOrganization(string hostName)
    {
        if (!hostName.EndsWith(VisualStudioSuffix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        string label = hostName[..^VisualStudioSuffix.Length];
        if (label.Length is 0 or > 63 || label.Contains('.', StringComparison.Ordinal) || label[0] == '-' || label[^1] == '-')
        {
            return null;
        }

        foreach (char c in label)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-')
            {
                return null;
            }
        }

        // Punycode labels (xn--) are internationalised look-alikes, never an organization.
        return label.StartsWith("xn--", StringComparison.OrdinalIgnoreCase) ? null : label;
    }

    /// <summary>Splits "name[:port]" / "[v6]:port"; null when the port is not a number in range.</summary>
    internal static (string Name, int? Port)? SplitHost(string host)
    {
        string name = host;
        string? portText = null;
        if (host.StartsWith('['))
        {
            int close = host.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                return null;
            }

            name = host[..(close + 1)];
            if (close + 1 < host.Length)
            {
                if (host[close + 1] != ':')
                {
                    return null;
                }

                portText = host[(close + 2)..];
            }
        }
        else
        {
            int colon = host.LastIndexOf(':');
            if (colon >= 0)
            {
                name = host[..colon];
                portText = host[(colon + 1)..];
            }
        }

        if (portText is null)
        {
            return (name, null);
        }

        return int.TryParse(portText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int port)
            && port is > 0 and <= 65535
            ? (name, port)
            : null;
    }

    private static string? FirstSegment(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        string trimmed = path.TrimStart('/');
        int slash = trimmed.IndexOf('/', StringComparison.Ordinal);
        string segment = slash < 0 ? trimmed : trimmed[..slash];
        return segment.Length == 0 ? null : segment;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
