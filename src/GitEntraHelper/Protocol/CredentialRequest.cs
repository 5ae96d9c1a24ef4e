using GitEntraHelper.Diagnostics;

namespace GitEntraHelper.Protocol;

/// <summary>
/// What git sent us (gitcredentials(7), git 2.39 → 2.47+). Secret attributes (password, credential,
/// oauth_refresh_token) are <see cref="Secret"/>s, so printing a request never prints them.
/// Unset attributes are null; multi-valued attributes are empty lists when absent.
/// </summary>
public sealed class CredentialRequest
{
    public string? Protocol { get; init; }

    /// <summary>Host name, with ":port" when git's URL had one.</summary>
    public string? Host { get; init; }

    /// <summary>Repository path without leading slash (only when credential.useHttpPath is set).</summary>
    public string? Path { get; init; }

    public string? Username { get; init; }

    public Secret? Password { get; init; }

    /// <summary>Each WWW-Authenticate header of git's last HTTP response, in order (git ≥ 2.41).</summary>
    public IReadOnlyList<string> WwwAuth { get; init; } = [];

    /// <summary>What git understands (git ≥ 2.46): "authtype", "state".</summary>
    public IReadOnlyList<string> Capabilities { get; init; } = [];

    public string? AuthType { get; init; }

    public Secret? Credential { get; init; }

    public bool Ephemeral { get; init; }

    /// <summary>Opaque values a helper asked git to hand back (capability "state").</summary>
    public IReadOnlyList<string> State { get; init; } = [];

    public bool Continue { get; init; }

    public DateTimeOffset? PasswordExpiryUtc { get; init; }

    public Secret? OAuthRefreshToken { get; init; }

    public bool Quit { get; init; }

    public bool HasCapability(string capability)
    {
        foreach (string c in Capabilities)
        {
            if (string.Equals(c, capability, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The remote as a URL for `git config --get-urlmatch` and messages (no password).</summary>
    public string ToUrl()
    {
        var builder = new System.Text.StringBuilder();
        builder.Append(Protocol ?? "https").Append("://");
        if (!string.IsNullOrEmpty(Username))
        {
            builder.Append(Uri.EscapeDataString(Username)).Append('@');
        }

        builder.Append(Host);
        if (!string.IsNullOrEmpty(Path))
        {
            builder.Append('/');
            foreach (string segment in Path.Split('/'))
            {
                if (builder[^1] != '/')
                {
                    builder.Append('/');
                }

                builder.Append(Uri.EscapeDataString(segment));
            }
        }

        return builder.ToString();
    }

    public override string ToString() =>
        $"protocol={Protocol} host={Host} path={Path} username={Username} password={Password?.ToString() ?? "(none)"} " +
        $"wwwauth={WwwAuth.Count} capabilities=[{string.Join(',', Capabilities)}]";
}
