using GitEntraHelper.Diagnostics;

namespace GitEntraHelper.Setup.Migration;

/// <summary>
/// A remote URL of the current repository that carries a secret (<c>https://user:PAT@dev.azure.com/…</c>):
/// git sends it before asking any helper, so it answers first whatever is configured. Reported with its
/// clean form (no user information) and the command that puts it in place.
/// </summary>
/// <param name="Key">remote.NAME.url or remote.NAME.pushurl.</param>
/// <param name="Url">The configured value (holds the secret: never printed).</param>
/// <param name="CleanUrl">The same URL without user name and password.</param>
/// <param name="Username">The user name in the URL, for the report.</param>
public sealed record RemoteSecret(string Key, Secret Url, string CleanUrl, string Host, string? Username, string? Organization)
{
    public string Remote => Key.Split('.')[1..^1] is { Length: > 0 } name ? string.Join('.', name) : Key;

    public bool IsPushUrl => Key.EndsWith(".pushurl", StringComparison.OrdinalIgnoreCase);

    /// <summary>The command a person would type to fix it.</summary>
    public string FixCommand => $"git remote set-url {(IsPushUrl ? "--push " : "")}{Remote} {CleanUrl}";

    /// <summary>The URL without its user information; null when it has no password.</summary>
    public static string? Clean(string url, out string? username)
    {
        username = null;
        int scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (scheme <= 0 || StoreFile.ParseUrl(url) is not { Password: not null } parts)
        {
            return null;
        }

        username = parts.Username;
        string rest = url[(scheme + 3)..];
        int slash = rest.IndexOf('/', StringComparison.Ordinal);
        int at = rest.IndexOf('@', StringComparison.Ordinal);
        return at >= 0 && (slash < 0 || at < slash) ? url[..(scheme + 3)] + rest[(at + 1)..] : null;
    }
}
