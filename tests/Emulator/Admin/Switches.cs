using Emulator.DevOps;

namespace Emulator.Admin;

/// <summary>Behaviour tests can change at run time through the admin endpoints.</summary>
internal sealed class Switches
{
    private volatile AutoApproval _autoApproval = AutoApproval.Off;
    private volatile string? _claimsChallenge;
    private volatile ChallengeShape _challengeShape = ChallengeShape.Standard;
    private volatile bool _blockDeviceCode;
    private volatile string? _patApiRefusal;
    private volatile string? _authorizationEndpoint;
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

    /// <summary>
    /// The TF/VS code the PAT lifecycle API answers every signed-in user with (an organization's Conditional
    /// Access policy, VS403463; a user who is not a member, TF400813); null: it serves them.
    /// </summary>
    public string? PatApiRefusal
    {
        get => _patApiRefusal;
        set => _patApiRefusal = value;
    }

    /// <summary>What anonymous 401s name in X-VSS-AuthorizationEndpoint instead of the organization's vssps URL; null: that URL.</summary>
    public string? AuthorizationEndpoint
    {
        get => _authorizationEndpoint;
        set => _authorizationEndpoint = value;
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
