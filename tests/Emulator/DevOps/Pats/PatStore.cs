using System.Security.Cryptography;
using System.Text;
using Emulator.Model;

namespace Emulator.DevOps.Pats;

/// <summary>
/// The personal access tokens the emulator knows, seeded through POST /seed-pats. Each is a Basic
/// password for git in its organization until revoked or expired, as in Azure DevOps.
/// </summary>
internal sealed class PatStore
{
    // Names, scopes and lifetimes of the seeded tokens: a spread a real user accumulates, including a
    // full-access one (scope "app_token", as the PAT API lists "Full access") and a year-long one
    // (Azure DevOps' longest lifetime).
    private static readonly (string Name, string Scope, int Days)[] Seeds =
    [
        ("laptop git", "vso.code_write", 90),
        ("full access (legacy)", "app_token", 30),
        ("build agent", "vso.build_execute vso.code", 60),
        ("release pipeline - long lived", "vso.code_write vso.packaging_write", 365),
        ("package feed", "vso.packaging", 7),
        ("work items", "vso.work_full", 180),
    ];

    private readonly Lock _gate = new();
    private readonly List<PersonalAccessToken> _tokens = [];

    public IReadOnlyList<PersonalAccessToken> Seed(User owner, Organization organization, int count)
    {
        var now = DateTimeOffset.UtcNow;
        var created = new List<PersonalAccessToken>(count);
        lock (_gate)
        {
            for (var i = 0; i < count; i++)
            {
                var (name, scope, days) = Seeds[(_tokens.Count) % Seeds.Length];
                var token = new PersonalAccessToken
                {
                    AuthorizationId = Guid.NewGuid(),
                    OwnerObjectId = owner.ObjectId,
                    OrganizationId = organization.Id,
                    DisplayName = $"{name} #{_tokens.Count + 1}",
                    Scope = scope,
                    ValidFrom = now.AddDays(-1).AddMinutes(-_tokens.Count),
                    ValidTo = now.AddDays(days),
                    Secret = NewSecret(),
                };
                _tokens.Add(token);
                created.Add(token);
            }
        }

        return created;
    }

    public PersonalAccessToken? FindBySecret(string secret)
    {
        var bytes = Encoding.UTF8.GetBytes(secret);
        lock (_gate)
        {
            return _tokens.FirstOrDefault(t => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(t.Secret), bytes));
        }
    }

    /// <summary>The caller's tokens in one organization, in the order they were made.</summary>
    public IReadOnlyList<PersonalAccessToken> OwnedBy(string ownerObjectId, string organizationId)
    {
        lock (_gate)
        {
            return _tokens.Where(t => t.OwnerObjectId == ownerObjectId && t.OrganizationId == organizationId).ToList();
        }
    }

    /// <summary>Revokes one of the owner's tokens; false when the owner has no token with that id.</summary>
    public bool Revoke(string ownerObjectId, string organizationId, Guid authorizationId)
    {
        lock (_gate)
        {
            var token = _tokens.FirstOrDefault(t => t.AuthorizationId == authorizationId && t.OwnerObjectId == ownerObjectId && t.OrganizationId == organizationId);
            if (token is null)
            {
                return false;
            }

            token.RevokedAt ??= DateTimeOffset.UtcNow;
            return true;
        }
    }

    public int ActiveCount
    {
        get
        {
            var now = DateTimeOffset.UtcNow;
            lock (_gate)
            {
                return _tokens.Count(t => t.StateAt(now) == PatState.Active);
            }
        }
    }

    /// <summary>
    /// Today's PAT format (Azure DevOps sprint 241; Microsoft Purview's "Azure DevOps personal access
    /// token" definition): 84 characters, letters and digits, the fixed signature "AZDO" from index 76, as in Purview's example.
    /// </summary>
    private static string NewSecret()
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        Span<char> chars = stackalloc char[84];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        }

        "AZDO".AsSpan().CopyTo(chars[76..]);
        return new string(chars);
    }
}
