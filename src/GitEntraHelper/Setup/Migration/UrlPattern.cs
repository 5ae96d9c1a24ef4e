namespace GitEntraHelper.Setup.Migration;

/// <summary>
/// Does a <c>credential.&lt;url&gt;.*</c> subsection apply to a URL, by git's urlmatch rules (git-config(1)
/// "credential.&lt;url&gt;", urlmatch.c): same scheme; a user name in the pattern must be the URL's; the
/// host label by label, where <c>*</c> matches within one label (git ≥ 2.13); the same port (the scheme's
/// default when absent); and the pattern's path a prefix of the URL's at a '/' boundary. A bare host name
/// ("dev.azure.com", as GCM's docs write) is taken as https.
/// </summary>
public static class UrlPattern
{
    public static bool Matches(string pattern, string url)
    {
        if (Parse(pattern.Contains("://", StringComparison.Ordinal) ? pattern : "https://" + pattern) is not { } p || Parse(url) is not { } u)
        {
            return false;
        }

        return p.Scheme == u.Scheme
            && (p.User is null || p.User == u.User)
            && HostMatches(p.Host, u.Host)
            && p.Port == u.Port
            && PathMatches(p.Path, u.Path);
    }

    private sealed record Parts(string Scheme, string? User, string Host, int Port, string Path);

    private static Parts? Parse(string text)
    {
        int scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme <= 0)
        {
            return null;
        }

        string rest = text[(scheme + 3)..];
        int slash = rest.IndexOf('/', StringComparison.Ordinal);
        string authority = slash < 0 ? rest : rest[..slash];
        string path = slash < 0 ? "" : rest[(slash + 1)..].TrimEnd('/');
        string? user = null;
        int at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            user = Uri.UnescapeDataString(authority[..at].Split(':', 2)[0]);
            authority = authority[(at + 1)..];
        }

        string schemeName = text[..scheme].ToLowerInvariant();
        int port = schemeName == "http" ? 80 : 443;
        int colon = authority.LastIndexOf(':');
        if (colon >= 0 && !authority.EndsWith(']'))
        {
            if (!int.TryParse(authority[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out port))
            {
                return null;
            }

            authority = authority[..colon];
        }

        return new Parts(schemeName, user, authority.ToLowerInvariant(), port, path);
    }

    private static bool HostMatches(string pattern, string host)
    {
        string[] p = pattern.Split('.');
        string[] h = host.Split('.');
        if (p.Length != h.Length)
        {
            return false;
        }

        for (int i = 0; i < p.Length; i++)
        {
            if (!Glob(p[i], h[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>'*' matches any run of characters within one label.</summary>
    private static bool Glob(string pattern, string label)
    {
        if (!pattern.Contains('*', StringComparison.Ordinal))
        {
            return pattern == label;
        }

        string[] pieces = pattern.Split('*');
        if (!label.StartsWith(pieces[0], StringComparison.Ordinal) || !label.EndsWith(pieces[^1], StringComparison.Ordinal)
            || label.Length < pieces[0].Length + pieces[^1].Length)
        {
            return false;
        }

        int at = pieces[0].Length;
        for (int i = 1; i < pieces.Length - 1; i++)
        {
            int found = label.IndexOf(pieces[i], at, StringComparison.Ordinal);
            if (found < 0)
            {
                return false;
            }

            at = found + pieces[i].Length;
        }

        return at <= label.Length - pieces[^1].Length;
    }

    private static bool PathMatches(string pattern, string path) =>
        pattern.Length == 0 || path == pattern || path.StartsWith(pattern + "/", StringComparison.Ordinal);
}
