using System.Text;

namespace GitEntraHelper.Identity.User;

/// <summary>
/// The claims of a CAE challenge (<c>WWW-Authenticate: Bearer error="insufficient_claims", claims="..."</c>).
/// Entra sends them base64-encoded; MSAL's WithClaims wants the JSON. Either form is accepted here.
/// </summary>
public static class ClaimsChallenge
{
    /// <summary>
    /// The claims of the first <c>insufficient_claims</c> Bearer challenge among git's <c>wwwauth[]</c>
    /// values (git ≥ 2.41 forwards the server's WWW-Authenticate headers), as JSON; null when none.
    /// </summary>
    public static string? FromWwwAuthenticate(IEnumerable<string> wwwAuthenticate)
    {
        foreach (string header in wwwAuthenticate)
        {
            if (Parameter(header, "error") is { } error && error.Equals("insufficient_claims", StringComparison.OrdinalIgnoreCase)
                && ToJson(Parameter(header, "claims")) is { } claims)
            {
                return claims;
            }
        }

        return null;
    }

    /// <summary>The claims JSON, or null when the value is empty or neither JSON nor base64 of JSON.</summary>
    internal static string? ToJson(string? claims)
    {
        if (string.IsNullOrWhiteSpace(claims))
        {
            return null;
        }

        string value = claims.Trim();
        if (value.StartsWith('{'))
        {
            return value;
        }

        string base64 = value.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
        try
        {
            string json = Encoding.UTF8.GetString(Convert.FromBase64String(base64)).Trim();
            return json.StartsWith('{') ? json : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>An auth-param's value (quoted-string or token) from a challenge, or null.</summary>
    internal static string? Parameter(string header, string name)
    {
        int start = 0;
        while (start < header.Length)
        {
            int index = header.IndexOf(name, start, StringComparison.OrdinalIgnoreCase);
            if (index < 0)
            {
                return null;
            }

            int after = index + name.Length;
            bool atBoundary = index == 0 || header[index - 1] is ' ' or ',' or '\t';
            int equals = after;
            while (equals < header.Length && header[equals] == ' ')
            {
                equals++;
            }

            if (atBoundary && equals < header.Length && header[equals] == '=')
            {
                int value = equals + 1;
                while (value < header.Length && header[value] == ' ')
                {
                    value++;
                }

                if (value < header.Length && header[value] == '"')
                {
                    var text = new StringBuilder();
                    for (int i = value + 1; i < header.Length; i++)
                    {
                        if (header[i] == '\\' && i + 1 < header.Length)
                        {
                            text.Append(header[++i]);
                        }
                        else if (header[i] == '"')
                        {
                            break;
                        }
                        else
                        {
                            text.Append(header[i]);
                        }
                    }

                    return text.ToString();
                }

                int end = header.IndexOfAny([',', ' '], value);
                return end < 0 ? header[value..] : header[value..end];
            }

            start = after;
        }

        return null;
    }
}
