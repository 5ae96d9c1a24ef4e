using Emulator.DevOps;

namespace Emulator.Admin;

/// <summary>Behaviour tests can change at run time through the admin endpoints.</summary>
internal sealed class Switches
{
    private volatile AutoApproval _autoApproval = AutoApproval.Off;
    private volatile string? _claimsChallenge;
    private volatile ChallengeShape _challengeShape = ChallengeShape.Standard;
    private volatile bool _blockDeviceCode;
    private int _authorityDelayMs;
    private int _authorityFailStatus;
    private int _deviceCodeLifetimeSeconds;

    /// <summary>Who sign-ins and device codes are approved as, at once (or the sign-in page when off).</summary>
    public AutoApproval AutoApproval
    {
        get => _autoApproval;
        set => _autoApproval = value;
    }

    /// <summary>How Entra-backed organizations word their anonymous 401 (tenant discovery shapes).</summary>
    public ChallengeShape ChallengeShape
    {
        get => _challengeShape;
        set => _challengeShape = value;
    }

    /// <summary>Conditional Access blocks the device code flow (AADSTS53003 when a code would be redeemed).</summary>
    public bool BlockDeviceCode
    {
        get => _blockDeviceCode;
        set => _blockDeviceCode = value;
    }

    /// <summary>The claims JSON Azure DevOps demands from tokens issued before the challenge; null when off.</summary>
    public string? ClaimsChallenge
    {
        get => _claimsChallenge;
        set => _claimsChallenge = value;
    }

    public int AuthorityDelayMs
    {
        get => Volatile.Read(ref _authorityDelayMs);
        set => Volatile.Write(ref _authorityDelayMs, value);
    }

    /// <summary>Life of device codes issued from now on, in seconds; 0 means Entra's 15 minutes.</summary>
    public int DeviceCodeLifetimeSeconds
    {
        get => Volatile.Read(ref _deviceCodeLifetimeSeconds);
        set => Volatile.Write(ref _deviceCodeLifetimeSeconds, value);
    }

    /// <summary>HTTP status every authority request fails with; 0 means normal service.</summary>
    public int AuthorityFailStatus
    {
        get => Volatile.Read(ref _authorityFailStatus);
        set => Volatile.Write(ref _authorityFailStatus, value);
    }
}
