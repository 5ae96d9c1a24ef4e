using System.Collections.Concurrent;
using Emulator.Hosting;
using Emulator.Model;

namespace Emulator.Entra;

/// <summary>An /authorize request waiting for the user (sign-in page) or already approved.</summary>
internal sealed record AuthorizationRequest(
    string Id,
    string TenantSegment,
    ClientApp Client,
    string RedirectUri,
    string? State,
    string? CodeChallenge,
    string? CodeChallengeMethod,
    string Scope,
    string? Nonce,
    string? Claims,
    string? LoginHint,
    string ResponseMode);

/// <summary>An issued authorization code: one redemption, ten minutes.</summary>
internal sealed record AuthorizationCode(User User, AuthorizationRequest Request, DateTimeOffset ExpiresAt);

/// <summary>Pending /authorize requests (by id, for the sign-in page) and issued codes.</summary>
internal sealed class AuthorizationStore
{
    private readonly ConcurrentDictionary<string, AuthorizationRequest> _pending = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AuthorizationCode> _codes = new(StringComparer.Ordinal);

    public void AddPending(AuthorizationRequest request) => _pending[request.Id] = request;

    public AuthorizationRequest? TakePending(string id) => _pending.TryRemove(id, out var request) ? request : null;

    public AuthorizationRequest? FindPending(string id) => _pending.TryGetValue(id, out var request) ? request : null;

    public string IssueCode(User user, AuthorizationRequest request)
    {
        var code = "1.AQ" + UrlSafe.RandomToken(64);
        _codes[code] = new AuthorizationCode(user, request, DateTimeOffset.UtcNow.AddMinutes(10));
        return code;
    }

    /// <summary>Codes are single use: redeeming removes them.</summary>
    public AuthorizationCode? Redeem(string code) =>
        _codes.TryRemove(code, out var grant) && grant.ExpiresAt > DateTimeOffset.UtcNow ? grant : null;
}
