using Emulator.Model;

namespace Emulator.Admin;

/// <summary>Behaviour tests can change at run time through the admin endpoints.</summary>
internal sealed class Switches
{
    private volatile User? _autoApproveUser;
    private volatile string? _claimsChallenge;
    private int _authorityDelayMs;
    private int _authorityFailStatus;
    private int _deviceCodeLifetimeSeconds;
    private volatile bool _blockDeviceCode;

    /// <summary>Who every sign-in and device code is approved as, at once; null shows the sign-in page.</summary>
    public User? AutoApproveUser
    {
        get => _autoApproveUser;
        set => _autoApproveUser = value;
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

    /// <summary>
    /// A Conditional Access policy that blocks the device code flow (the "Authentication flows" condition):
    /// an approved device code is refused at the token endpoint with AADSTS53003 instead of redeemed.
    /// </summary>
    public bool BlockDeviceCode
    {
        get => _blockDeviceCode;
        set => _blockDeviceCode = value;
    }

    /// <summary>HTTP status every authority request fails with; 0 means normal service.</summary>
    public int AuthorityFailStatus
    {
        get => Volatile.Read(ref _authorityFailStatus);
        set => Volatile.Write(ref _authorityFailStatus, value);
    }
}
