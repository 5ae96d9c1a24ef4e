using Microsoft.Identity.Client;

namespace GitEntraHelper.Identity;

/// <summary>
/// What an Entra failure says, fit for one line. Entra's error bodies (learn.microsoft.com "Microsoft Entra
/// authentication and authorization error codes"; the emulator's EntraError) carry <c>error</c>, an
/// <c>error_description</c> "AADSTSnnnnn: …" followed by CRLF-separated Trace ID / Correlation ID / Timestamp
/// lines, <c>error_codes</c>, <c>suberror</c>, <c>claims</c> (a JSON string) and <c>error_uri</c>; MSAL puts the
/// description into the exception's message, sometimes behind its own advice ("A configuration issue is
/// preventing authentication … Original exception: AADSTS…"), and a body it cannot parse (a proxy's page)
/// becomes a generic sentence. The AADSTS sentence is what the user needs; ids, JSON and advice are not.
/// </summary>
public static class EntraErrorText
{
    private const int MaxLength = 300;

    /// <summary>The one sentence that describes <paramref name="e"/>: never several lines, never JSON.</summary>
    public static string Describe(MsalException e)
    {
        string message = e.Message ?? string.Empty;
        int aadsts = message.IndexOf("AADSTS", StringComparison.Ordinal);
        string text = FirstLine(aadsts >= 0 ? message[aadsts..] : message);
        if (e is MsalServiceException s && aadsts < 0)
        {
            if (e.ErrorCode == MsalError.NonParsableOAuthError)
            {
                return $"an HTTP {s.StatusCode} answer that is not an OAuth error (a proxy or gateway in between?)";
            }

            if (e.ErrorCode == MsalError.HttpStatusCodeNotOk || text.Length == 0 || text.StartsWith("Exception of type ", StringComparison.Ordinal))
            {
                return $"HTTP {s.StatusCode} without a description";
            }
        }

        return text.Length == 0 || text.StartsWith("Exception of type ", StringComparison.Ordinal) ? "(no details)" : text;
    }

    /// <summary>The AADSTS number (error_codes' first, else the one the message names), or null.</summary>
    public static string? Code(MsalException e)
    {
        // error_codes is the server's too: only digits make a code (found by fuzz/ entra-errors).
        if (e is MsalServiceException s && s.ErrorCodesForLogging is [{ Length: > 0 } first, ..] && !first.AsSpan().ContainsAnyExceptInRange('0', '9'))
        {
            return first;
        }

        string message = e.Message ?? string.Empty;
        int i = message.IndexOf("AADSTS", StringComparison.Ordinal);
        if (i < 0)
        {
            return null;
        }

        int start = i + 6;
        int end = start;
        while (end < message.Length && char.IsAsciiDigit(message[end]))
        {
            end++;
        }

        return end > start ? message[start..end] : null;
    }

    /// <summary>
    /// Entra's "Trace ID: … Correlation ID: … Timestamp: …" of <paramref name="e"/> as one line, the ids support
    /// needs (only GUID-shaped ids and an ISO time are kept: they come from the server); none when it sent none.
    /// </summary>
    public static IEnumerable<string> Ids(MsalException e)
    {
        string message = e.Message ?? string.Empty;
        var parts = new List<string>();
        foreach (string label in (string[])["Trace ID", "Correlation ID", "Timestamp"])
        {
            System.Text.RegularExpressions.Match m = System.Text.RegularExpressions.Regex.Match(
                message, label + @": ([0-9A-Fa-f]{8}-[0-9A-Fa-f-]{27}|\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ)", System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            if (m.Success)
            {
                parts.Add($"{label}: {m.Groups[1].Value}");
            }
        }

        if (parts.Count == 0 && e is MsalServiceException { CorrelationId: { Length: > 0 } correlation } && Guid.TryParse(correlation, out _))
        {
            parts.Add($"Correlation ID: {correlation}");
        }

        return parts.Count == 0 ? [] : [string.Join(", ", parts)];
    }

    /// <summary>Up to the first line break, without Entra's trailing ids, without any JSON, at most 300 characters.</summary>
    internal static string FirstLine(string message)
    {
        string line = message.Trim();
        int end = line.IndexOfAny(['\r', '\n']);
        if (end >= 0)
        {
            line = line[..end];
        }

        int trace = line.IndexOf(" Trace ID:", StringComparison.Ordinal);
        if (trace > 0)
        {
            line = line[..trace];
        }

        int json = line.IndexOf('{', StringComparison.Ordinal);
        if (json >= 0)
        {
            line = line[..json].TrimEnd(' ', ':', ',', '=') + (json > 0 ? " …" : string.Empty);
        }

        line = line.Trim();
        return line.Length > MaxLength ? line[..MaxLength] + "…" : line;
    }
}
