using System.Text;
using System.Text.RegularExpressions;

namespace GitEntraHelper.Diagnostics;

/// <summary>
/// Second line of defence behind <see cref="Secret"/>: every line we print to stderr or a trace passes
/// through <see cref="Scrub"/>, which masks anything shaped like a JWT or a long opaque credential, and
/// turns control characters into spaces so one message always stays one line.
/// </summary>
public static partial class Redactor
{
    /// <summary>Opaque runs at least this long (base64/url-safe alphabet) are treated as secrets.</summary>
    private const int OpaqueRunLength = 40;

    public static string Scrub(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        StringBuilder? builder = null;
        int i = 0;
        while (i < text.Length)
        {
            int runEnd = i;
            while (runEnd < text.Length && IsTokenChar(text[runEnd]))
            {
                runEnd++;
            }

            int runLength = runEnd - i;
            if (runLength > 0)
            {
                bool secretLike = runLength >= OpaqueRunLength && !IsGuidOrPathLike(text.AsSpan(i, runLength))
                    || LooksLikeJwt(text.AsSpan(i, runLength));
                if (secretLike)
                {
                    builder ??= new StringBuilder(text.Length).Append(text, 0, i);
                    builder.Append("***");
                }
                else
                {
                    builder?.Append(text, i, runLength);
                }

                i = runEnd;
                continue;
            }

            char c = text[i];
            if (char.IsControl(c))
            {
                builder ??= new StringBuilder(text.Length).Append(text, 0, i);
                builder.Append(' ');
            }
            else
            {
                builder?.Append(c);
            }

            i++;
        }

        return builder?.ToString() ?? text;
    }

    /// <summary>
    /// Masks what follows a secret's name in free text we print back to the user — a config value such as an
    /// inline <c>credential.helper = !f() { echo password=…; }; f</c>, a URL with <c>user:password@</c>, an
    /// <c>Authorization</c> header — however short the secret is (Scrub only catches long opaque runs).
    /// </summary>
    public static string MaskInlineSecrets(string text) =>
        Scrub(UrlPassword().Replace(AuthorizationHeader().Replace(NamedSecret().Replace(text, "$1$2***"), "$1***"), "$1***@"));

    [GeneratedRegex(@"(?i)\b((?:[a-z_]*password|passwd|pwd|[a-z_]*token|[a-z_]*secret|credential|pat)\b)(\s*[=:]\s*)[^\s;'""&|)}]+")]
    private static partial Regex NamedSecret();

    [GeneratedRegex(@"(?i)\b(authorization\s*:\s*(?:bearer|basic)\s+)\S+")]
    private static partial Regex AuthorizationHeader();

    [GeneratedRegex(@"(?i)(\b[a-z][a-z0-9+.-]*://[^/\s:@]*:)[^/\s@]+@")]
    private static partial Regex UrlPassword();

    private static bool IsTokenChar(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_' or '.' or '+' or '/' or '=' or '~';

    // "eyJ" is base64url for '{"' — the start of every JWT header; two dots separate its three parts.
    private static bool LooksLikeJwt(ReadOnlySpan<char> run) =>
        run.StartsWith("eyJ", StringComparison.Ordinal) && run.Count('.') >= 2;

    // Paths, URLs and host names are long but have separators every few characters; secrets do not.
    private static bool IsGuidOrPathLike(ReadOnlySpan<char> run)
    {
        int longest = 0, current = 0;
        foreach (char c in run)
        {
            if (c is '/' or '.' or '-' or '_')
            {
                current = 0;
            }
            else if (++current > longest)
            {
                longest = current;
            }
        }

        return longest < 32;
    }
}
