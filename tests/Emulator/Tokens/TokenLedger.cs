namespace Emulator.Tokens;

/// <summary>
/// Numbers every access token issued (by its uti) so switches can act on "every token issued so
/// far": expire-tokens rejects them as expired, claims-challenge makes Azure DevOps challenge them.
/// Tokens issued after a switch are not affected.
/// </summary>
internal sealed class TokenLedger
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _sequenceByUti = new(StringComparer.Ordinal);
    private long _last;
    private long _expiredUpTo;
    private long _challengedUpTo;

    public void Record(string uti)
    {
        lock (_gate)
        {
            _sequenceByUti[uti] = ++_last;
        }
    }

    public void ExpireAll()
    {
        lock (_gate)
        {
            _expiredUpTo = _last;
        }
    }

    public void ChallengeAll()
    {
        lock (_gate)
        {
            _challengedUpTo = _last;
        }
    }

    public bool IsExpired(string uti) => IsAtOrBefore(uti, () => _expiredUpTo);

    public bool IsChallenged(string uti) => IsAtOrBefore(uti, () => _challengedUpTo);

    private bool IsAtOrBefore(string uti, Func<long> cutoff)
    {
        lock (_gate)
        {
            // A token we never issued cannot pass signature validation; treat it as affected.
            return !_sequenceByUti.TryGetValue(uti, out var sequence) || sequence <= cutoff();
        }
    }
}
