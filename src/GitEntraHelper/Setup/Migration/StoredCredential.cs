using GitEntraHelper.Diagnostics;

namespace GitEntraHelper.Setup.Migration;

/// <summary>
/// A credential an old helper holds for an Azure DevOps host: where it is, its host, organization and
/// user name — shown — and its secret, which is only ever handed back to the helper that holds it
/// (<c>git credential reject</c>) and never printed.
/// </summary>
/// <param name="Helper">The helper that holds it (store with one file, or the helper that answered fill).</param>
/// <param name="Where">For the report: "~/.git-credentials line 2", or the helper.</param>
public sealed record StoredCredential(CredentialHelper Helper, string Where, string Protocol, string Host, string? Path, string? Username, Secret Password, string? Organization)
{
    /// <summary>An Entra access token (a JWT, as GCM's OAuth mode returns) is no PAT: it expires by itself.</summary>
    public bool IsEntraToken
    {
        get
        {
            string value = Password.Reveal();
            return value.StartsWith("eyJ", StringComparison.Ordinal) && value.Count(c => c == '.') == 2;
        }
    }

    /// <summary>What kind of secret, for the report (never the secret).</summary>
    public string SecretKind => IsEntraToken ? "an Entra access token" : "a password or PAT";

    /// <summary>git's credential protocol lines naming exactly this credential (for reject).</summary>
    public string ProtocolInput()
    {
        var text = new System.Text.StringBuilder();
        text.Append("protocol=").Append(Protocol).Append('\n');
        text.Append("host=").Append(Host).Append('\n');
        if (!string.IsNullOrEmpty(Path))
        {
            text.Append("path=").Append(Path).Append('\n');
        }

        if (!string.IsNullOrEmpty(Username))
        {
            text.Append("username=").Append(Username).Append('\n');
        }

        text.Append("password=").Append(Password.Reveal()).Append('\n');
        return text.Append('\n').ToString();
    }

    /// <summary>True when both name the same stored entry (the same secret at the same place).</summary>
    public bool SameAs(StoredCredential other) =>
        Host.Equals(other.Host, StringComparison.OrdinalIgnoreCase) && Path == other.Path && Username == other.Username && Password == other.Password;
}
