using System.Buffers;

namespace GitEntraHelper.TokenCache;

/// <summary>
/// Names of stored caches. Each partition is one keyring entry (or file) and one lock, so a CI job's
/// service principal and a developer's sign-in never contend or overwrite each other.
/// </summary>
public static class TokenCachePartitions
{
    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-");

    /// <summary>The public client's user token cache: every signed-in account, every tenant.</summary>
    public const string User = "user";

    /// <summary>App-only tokens of one confidential client (service principal, federated identity).</summary>
    public static string App(string clientId) => "app-" + Normalize(clientId);

    /// <summary>Marks a keyring copy of an unreadable partition (PARTITION-corrupt-TIME.aside).</summary>
    internal const string AsideMarker = ".aside";

    internal static bool IsPartitionName(string name) =>
        name.Length is > 0 and <= 80 && !name.AsSpan().ContainsAnyExcept(Allowed);

    internal static void Validate(string partition)
    {
        if (!IsPartitionName(partition))
        {
            throw new ArgumentException($"invalid token cache partition name '{partition}'", nameof(partition));
        }
    }

    private static string Normalize(string clientId)
    {
        var lower = clientId.Trim().ToLowerInvariant();
        if (lower.Length == 0 || lower.Length > 64 || lower.AsSpan().ContainsAnyExcept(Allowed))
        {
            throw new ArgumentException("client id must be a GUID", nameof(clientId));
        }

        return lower;
    }
}
