namespace GitEntraHelper.AzureDevOps;

/// <summary>
/// Reads the tenant from Azure DevOps' 401 answers: <c>WWW-Authenticate: Bearer
/// authorization_uri=https://HOST/{tenant}</c> (quoted or not, among other challenges in the same
/// header) and <c>X-VSS-ResourceTenant: {tenant}</c>. Only the first path segment of authorization_uri
/// is used, and only when it is a valid <see cref="TenantId"/>; the host is ignored on purpose.
/// </summary>
public static class TenantChallenge
{
    /// <summary>The tenant named by any Bearer challenge in <paramref name="wwwAuthenticate"/>, or null.</summary>
    public static string? FromWwwAuthenticate(IEnumerable<string> wwwAuthenticate)
    {
        foreach (string header in wwwAuthenticate)
        {
            if (FromBearerChallenge(header) is { } tenant)
            {
                return tenant;
            }
        }

        return null;
    }

    /// <summary>
    /// The tenant X-VSS-ResourceTenant names, over every header and every entry of a comma list: the first
    /// non-zero GUID wins; the zero GUID means an organization backed by Microsoft accounts
    /// ("organizations") only when it is the one value given. Anything else names no tenant (null). This is
    /// GCM's rule (AzureDevOpsRestApi.GetAuthorityAsync): the real service may list the zero GUID before the
    /// organization's tenant, and taking the first valid entry would sign an Entra user in through the wrong
    /// authority.
    /// </summary>
    public static string? FromResourceTenantHeader(IEnumerable<string> values)
    {
        int entries = 0;
        bool zero = false;
        foreach (string value in values)
        {
            foreach (string part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                entries++;
                if (TenantId.TryParseGuid(part, out Guid guid)) // not Guid.TryParseExact: it takes a sign inside a group (found by fuzz/ tenant-header)
                {
                    if (guid != Guid.Empty)
                    {
                        return guid.ToString("D");
                    }

                    zero = true;
                }
            }
        }

        return zero && entries == 1 ? TenantId.Organizations : null;
    }

    private static string? FromBearerChallenge(string header)
    {
        const string Parameter = "authorization_uri";
        int bearer = IndexOfScheme(header, "Bearer");
        while (bearer >= 0)
        {
            int index = header.IndexOf(Parameter, bearer, StringComparison.OrdinalIgnoreCase);
            if (index < 0)
            {
                return null;
            }

            int equals = index + Parameter.Length;
            while (equals < header.Length && header[equals] == ' ')
            {
                equals++;
            }

            if (equals < header.Length && header[equals] == '=')
            {
                string value = ReadValue(header, equals + 1);
                if (TenantFromAuthorizationUri(value) is { } tenant)
                {
                    return tenant;
                }
            }

            bearer = IndexOfScheme(header[(index + Parameter.Length)..], "Bearer") is var next and >= 0
                ? index + Parameter.Length + next
                : -1;
        }

        return null;
    }

    private static int IndexOfScheme(string header, string scheme)
    {
        int start = 0;
        while (true)
        {
            int index = header.IndexOf(scheme, start, StringComparison.OrdinalIgnoreCase);
            if (index < 0)
            {
                return -1;
            }

            bool startsToken = index == 0 || header[index - 1] is ' ' or ',';
            int end = index + scheme.Length;
            bool endsToken = end == header.Length || header[end] == ' ';
            if (startsToken && endsToken)
            {
                return index;
            }

            start = index + 1;
        }
    }

    private static string ReadValue(string header, int start)
    {
        while (start < header.Length && header[start] == ' ')
        {
            start++;
        }

        if (start < header.Length && header[start] == '"')
        {
            int close = header.IndexOf('"', start + 1);
            return close < 0 ? header[(start + 1)..] : header[(start + 1)..close];
        }

        int end = header.IndexOfAny([',', ' '], start);
        return end < 0 ? header[start..] : header[start..end];
    }

    private static string? TenantFromAuthorizationUri(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return null;
        }

        string firstSegment = uri.AbsolutePath.Trim('/').Split('/')[0];
        return TenantId.TryNormalize(firstSegment, out string tenant) ? tenant : null;
    }
}
