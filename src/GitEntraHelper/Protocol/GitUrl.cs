namespace GitEntraHelper.Protocol;

/// <summary>
/// A URL split into credential attributes the way git does for <c>url=</c>: scheme before "://",
/// optional "user[:password]@" before the first '/', '?' or '#', host (with port) up to there, and the
/// path without leading or trailing slashes; components are percent-decoded. Decoded components that
/// contain NUL, CR or LF are refused (CVE-2020-5260).
/// </summary>
public sealed record GitUrl(string Protocol, string Host, string? Path, string? Username, string? Password)
{
    /// <summary>The parts, or null when the value has no "scheme://".</summary>
    public static GitUrl? Parse(string url)
    {
        int schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0)
        {
            return null;
        }

        string protocol = url[..schemeEnd];
        string rest = url[(schemeEnd + 3)..];
        int hostEnd = rest.AsSpan().IndexOfAny("/?#");
        if (hostEnd < 0)
        {
            hostEnd = rest.Length;
        }

        string authority = rest[..hostEnd];
        string? username = null, password = null;
        int at = authority.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            string userInfo = authority[..at];
            int colon = userInfo.IndexOf(':', StringComparison.Ordinal);
            username = Decode(colon < 0 ? userInfo : userInfo[..colon]);
            password = colon < 0 ? null : Decode(userInfo[(colon + 1)..]);
            authority = authority[(at + 1)..];
        }

        string? path = null;
        string remainder = rest[hostEnd..].TrimStart('/');
        if (remainder.Length > 0)
        {
            path = Decode(remainder).TrimEnd('/');
        }

        return new GitUrl(protocol, Decode(authority), path, username, password);
    }

    private static string Decode(string component)
    {
        string decoded = Uri.UnescapeDataString(component);
        if (decoded.AsSpan().IndexOfAny("\0\r\n") >= 0)
        {
            throw CredentialReader.Invalid("url contains an encoded NUL, CR or LF");
        }

        return decoded;
    }

    public override string ToString() => $"{Protocol}://{(Username is null ? "" : Username + "@")}{Host}/{Path}";
}
