using Emulator.Hosting;
using Emulator.Model;

namespace Emulator.Tokens;

/// <summary>What a refresh token stands for: a user's sign-in to one client in one tenant.</summary>
internal sealed record RefreshGrant(User User, string ClientId);

internal enum RefreshLookup { Valid, Revoked, Unknown }

/// <summary>
/// Opaque refresh tokens. Each redemption returns a new one (rotation); as in Entra, older ones
/// stay usable until revoked, so concurrent processes sharing a cache do not lock each other out.
/// </summary>
internal sealed class RefreshTokenStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, RefreshGrant> _active = new(StringComparer.Ordinal);
    private readonly HashSet<string> _revoked = new(StringComparer.Ordinal);

    public string Issue(RefreshGrant grant)
    {
        var token = "1.AQ" + UrlSafe.RandomToken(48);
        lock (_gate)
        {
            _active[token] = grant;
        }

        return token;
    }

    public RefreshLookup Find(string token, out RefreshGrant? grant)
    {
        lock (_gate)
        {
            if (_active.TryGetValue(token, out grant))
            {
                return RefreshLookup.Valid;
            }

            return _revoked.Contains(token) ? RefreshLookup.Revoked : RefreshLookup.Unknown;
        }
    }

    public void RevokeAll()
    {
        lock (_gate)
        {
            _revoked.UnionWith(_active.Keys);
            _active.Clear();
        }
    }
}
