using System.Text;
using System.Text.Json;

namespace GitEntraHelper.Identity.Workload;

/// <summary>
/// The issuer and subject a federated assertion carried. When Entra rejects the assertion
/// (AADSTS70021 / AADSTS700213) these two values are what the user must match in the app's federated
/// credential, so the error line prints them. They are claims, not secrets: the assertion itself never leaves.
/// </summary>
internal sealed record AssertionClaims(string? Issuer, string? Subject, string? Audience)
{
    public static readonly AssertionClaims None = new(null, null, null);

    /// <summary>Reads iss/sub/aud from a compact JWT without validating it; anything malformed yields <see cref="None"/>.</summary>
    public static AssertionClaims FromJwt(string jwt)
    {
        var parts = jwt.Split('.');
        if (parts.Length < 2)
            return None;
        try
        {
            var payload = DecodeBase64Url(parts[1]);
            var reader = new Utf8JsonReader(payload);
            string? iss = null, sub = null, aud = null;
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                return None;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                string? value = null;
                if (reader.TokenType == JsonTokenType.String)
                {
                    value = reader.GetString();
                }
                else if (reader.TokenType == JsonTokenType.StartArray)
                {
                    // aud may be an array: keep its first string.
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        if (reader.TokenType == JsonTokenType.String)
                            value ??= reader.GetString();
                        else
                            reader.Skip();
                    }
                }
                else
                {
                    reader.Skip();
                }
                switch (name)
                {
                    case "iss":
                        iss = value;
                        break;
                    case "sub":
                        sub = value;
                        break;
                    case "aud":
                        aud ??= value;
                        break;
                }
            }
            return new AssertionClaims(iss, sub, aud);
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException)
        {
            return None;
        }
    }

    private static byte[] DecodeBase64Url(string s)
    {
        var b = new StringBuilder(s.Length + 3).Append(s).Replace('-', '+').Replace('_', '/');
        while (b.Length % 4 != 0)
            b.Append('=');
        return Convert.FromBase64String(b.ToString());
    }

    public override string ToString() =>
        $"issuer '{Issuer ?? "(none)"}', subject '{Subject ?? "(none)"}'";
}
