using System.Text;

namespace GitEntraHelper.Identity.User;

/// <summary>
/// The claims of a CAE challenge (<c>WWW-Authenticate: Bearer error="insufficient_claims", claims="..."</c>).
/// Entra sends them base64-encoded; MSAL's WithClaims wants the JSON. Either form is accepted here.
/// </summary>
internal static class ClaimsChallenge
{
    /// <summary>The claims JSON, or null when the value is empty or neither JSON nor base64 of JSON.</summary>
    public static string? ToJson(string? claims)
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
}
