using GitEntraHelper.Diagnostics;

namespace GitEntraHelper.Setup.Migration;

/// <summary>
/// git-credential-store's file format (git-credential-store(1) "STORAGE FORMAT"): one URL a line,
/// <c>https://user:password@host[/path]</c>, each part percent-encoded. Read as git reads it
/// (credential_from_url); lines that are not such URLs are skipped, as git skips them. Only reading
/// happens here: removing a line is git's job (<c>git credential reject</c> through the store helper),
/// which copies every other line as it was.
/// </summary>
public static class StoreFile
{
    /// <summary>One parsed line: its number, and the URL's parts (decoded).</summary>
    public sealed record Line(int Number, string Protocol, string Host, string? Path, string? Username, Secret? Password);

    public static IReadOnlyList<Line> Read(string file)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(file);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HelperException($"cannot read {file}: {e.Message}");
        }

        var parsed = new List<Line>();
        for (int i = 0; i < lines.Length; i++)
        {
            if (ParseUrl(lines[i].TrimEnd('\r')) is { } line)
            {
                parsed.Add(line with { Number = i + 1 });
            }
        }

        return parsed;
    }

    /// <summary>credential_from_url: scheme://[user[:password]@]host[/path], trailing '/' of the path dropped.</summary>
    public static Line? ParseUrl(string url)
    {
        int scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (scheme <= 0)
        {
            return null;
        }

        string rest = url[(scheme + 3)..];
        int slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            slash = rest.Length;
        }

        int at = rest.IndexOf('@', StringComparison.Ordinal);
        string? user = null, password = null;
        string host;
        if (at < 0 || slash <= at)
        {
            host = rest[..slash];
        }
        else
        {
            int colon = rest.IndexOf(':', StringComparison.Ordinal);
            if (colon >= 0 && colon < at)
            {
                user = rest[..colon];
                password = rest[(colon + 1)..at];
            }
            else
            {
                user = rest[..at];
            }

            host = rest[(at + 1)..slash];
        }

        string path = slash < rest.Length ? rest[(slash + 1)..].TrimEnd('/') : "";
        return host.Length == 0
            ? null
            : new Line(0, Decode(url[..scheme]), Decode(host), path.Length == 0 ? null : Decode(path),
                user is null ? null : Decode(user), password is null ? null : new Secret(Decode(password)));
    }

    private static string Decode(string text)
    {
        try
        {
            return Uri.UnescapeDataString(text);
        }
        catch (UriFormatException)
        {
            return text;
        }
    }
}
