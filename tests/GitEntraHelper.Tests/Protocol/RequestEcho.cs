using System.Globalization;
using GitEntraHelper.Protocol;

namespace GitEntraHelper.Tests.Protocol;

/// <summary>Turns a request back into attributes through the product writer (round-trip and fuzz tests).</summary>
internal static class RequestEcho
{
    public static CredentialResponse ToResponse(CredentialRequest r)
    {
        var response = new CredentialResponse();
        foreach (string c in r.Capabilities)
        {
            response.Add("capability[]", c);
        }

        AddIf(response, "protocol", r.Protocol);
        AddIf(response, "host", r.Host);
        AddIf(response, "path", r.Path);
        AddIf(response, "username", r.Username);
        if (r.Password is { } password)
        {
            response.AddSecret("password", password);
        }

        foreach (string w in r.WwwAuth)
        {
            response.Add("wwwauth[]", w);
        }

        AddIf(response, "authtype", r.AuthType);
        if (r.Credential is { } credential)
        {
            response.AddSecret("credential", credential);
        }

        if (r.Ephemeral)
        {
            response.Add("ephemeral", "true");
        }

        foreach (string s in r.State)
        {
            response.Add("state[]", s);
        }

        if (r.Continue)
        {
            response.Add("continue", "1");
        }

        if (r.PasswordExpiryUtc is { } expiry)
        {
            response.Add("password_expiry_utc", expiry.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        }

        if (r.OAuthRefreshToken is { } refresh)
        {
            response.AddSecret("oauth_refresh_token", refresh);
        }

        if (r.Quit)
        {
            response.Add("quit", "1");
        }

        return response;
    }

    /// <summary>Every attribute, secrets revealed, for equality checks.</summary>
    public static string Describe(CredentialRequest r) => string.Join("|",
        string.Join(",", r.Capabilities), r.Protocol, r.Host, r.Path, r.Username, r.Password?.Reveal(), string.Join(",", r.WwwAuth),
        r.AuthType, r.Credential?.Reveal(), r.Ephemeral, string.Join(",", r.State), r.Continue, r.PasswordExpiryUtc?.ToUnixTimeSeconds(),
        r.OAuthRefreshToken?.Reveal(), r.Quit);

    private static void AddIf(CredentialResponse response, string key, string? value)
    {
        if (value is not null)
        {
            response.Add(key, value);
        }
    }
}
