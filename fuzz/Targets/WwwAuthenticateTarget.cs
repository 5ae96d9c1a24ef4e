using GitEntraHelper.AzureDevOps;
using GitEntraHelper.Fuzz.Harness;
using GitEntraHelper.Identity.User;

namespace GitEntraHelper.Fuzz.Targets;

/// <summary>
/// git's `wwwauth[]` values (one per line) through the challenge parsers: the tenant of a Bearer
/// challenge (<see cref="TenantChallenge.FromWwwAuthenticate"/>) is a GUID or "organizations" spelled
/// in the input, never anything else; the claims of an insufficient_claims challenge
/// (<see cref="ClaimsChallenge.FromWwwAuthenticate"/>) are a JSON object's text or nothing. Neither throws.
/// </summary>
internal sealed class WwwAuthenticateTarget : IFuzzTarget
{
    public string Name => "www-authenticate";

    public string Description => "TenantChallenge and ClaimsChallenge on wwwauth[] values (Bearer authorization_uri, insufficient_claims)";

    public IReadOnlyList<string> Dictionaries => ["challenge"];

    public void Run(byte[] input)
    {
        if (Lines.Values(input) is not { } headers)
        {
            return;
        }

        string all = string.Join('\n', headers);
        string? tenant = TenantChallenge.FromWwwAuthenticate(headers);
        if (tenant is not null)
        {
            Invariant.Holds(Oracles.IsAcceptableTenant(tenant), $"challenge tenant {Invariant.Show(tenant)} is not a GUID or organizations");
            // Uri reads the authorization_uri percent-decoded, so the tenant may be spelled with escapes.
            Invariant.Holds(Oracles.IsNamedIn(tenant, all) || Oracles.IsNamedIn(tenant, Uri.UnescapeDataString(all)), $"challenge tenant {tenant} is not in the challenge");
            Invariant.Holds(all.Contains("authorization_uri", StringComparison.OrdinalIgnoreCase) && all.Contains("bearer", StringComparison.OrdinalIgnoreCase),
                "a tenant from a challenge without Bearer authorization_uri");
        }

        string? claims = ClaimsChallenge.FromWwwAuthenticate(headers);
        if (claims is not null)
        {
            Invariant.Holds(claims.StartsWith('{') && claims == claims.Trim(), $"claims {Invariant.Show(claims)} are not a JSON object's text");
            // A quoted-string may escape any character ("insu\fficient_claims" is insufficient_claims, RFC 9110 5.6.4).
            Invariant.Holds(all.Replace("\\", "", StringComparison.Ordinal).Contains("insufficient_claims", StringComparison.OrdinalIgnoreCase),
                "claims from a challenge without insufficient_claims");
        }

        foreach (string header in headers)
        {
            // Each value alone agrees with the list: the first header that names a tenant wins.
            string? alone = TenantChallenge.FromWwwAuthenticate([header]);
            Invariant.Holds(alone is null || Oracles.IsAcceptableTenant(alone), $"challenge tenant {Invariant.Show(alone)} is not a GUID or organizations");
            if (alone is not null)
            {
                Invariant.Holds(tenant is not null, "a header names a tenant alone but not in the list");
            }

            Invariant.Holds(ClaimsChallenge.ToJson(ClaimsChallenge.Parameter(header, "claims")) is not { } json || json.StartsWith('{'), "claims that are not a JSON object's text");
        }
    }
}
