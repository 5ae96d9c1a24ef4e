using System.Collections.Concurrent;
using System.Security.Cryptography;
using Emulator.Hosting;
using Emulator.Model;

namespace Emulator.Entra;

/// <summary>One device code sign-in: pending until a user approves it on the device login page.</summary>
internal sealed class DeviceAuthorization
{
    private readonly Lock _gate = new();

    public required string DeviceCode { get; init; }
    public required string UserCode { get; init; }
    public required string TenantSegment { get; init; }
    public required ClientApp Client { get; init; }
    public required string Scope { get; init; }
    public required string? Claims { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }
    public required int IntervalSeconds { get; init; }

    public User? ApprovedUser { get; private set; }
    public bool Redeemed { get; private set; }
    /// <summary>Conditional Access refused the sign-in; the poll answers AADSTS53003.</summary>
    public bool Blocked { get; private set; }
    private DateTimeOffset? _lastPoll;

    public void Approve(User user)
    {
        lock (_gate)
        {
            ApprovedUser ??= user;
        }
    }

    public void Block()
    {
        lock (_gate)
        {
            if (ApprovedUser is null)
            {
                Blocked = true;
            }
        }
    }

    /// <summary>Records a poll; true when it came sooner than half the interval after the previous one.</summary>
    public bool PolledTooSoon()
    {
        lock (_gate)
        {
            var now = DateTimeOffset.UtcNow;
            var tooSoon = _lastPoll is { } last && now - last < TimeSpan.FromSeconds(IntervalSeconds / 2.0);
            _lastPoll = now;
            return tooSoon;
        }
    }

    /// <summary>Marks the code redeemed; false when it already was (codes are single use).</summary>
    public bool TryRedeem()
    {
        lock (_gate)
        {
            if (Redeemed)
            {
                return false;
            }

            Redeemed = true;
            return true;
        }
    }
}

internal sealed class DeviceCodeStore
{
    public const int IntervalSeconds = 1;
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    private readonly ConcurrentDictionary<string, DeviceAuthorization> _byDeviceCode = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DeviceAuthorization> _byUserCode = new(StringComparer.OrdinalIgnoreCase);

    public DeviceAuthorization Create(string tenantSegment, ClientApp client, string scope, string? claims, TimeSpan lifetime)
    {
        var authorization = new DeviceAuthorization
        {
            DeviceCode = "DAQABAAEAAA" + UrlSafe.RandomToken(48),
            UserCode = NewUserCode(),
            TenantSegment = tenantSegment,
            Client = client,
            Scope = scope,
            Claims = claims,
            ExpiresAt = DateTimeOffset.UtcNow.Add(lifetime),
            IntervalSeconds = IntervalSeconds,
        };
        _byDeviceCode[authorization.DeviceCode] = authorization;
        _byUserCode[authorization.UserCode] = authorization;
        return authorization;
    }

    public DeviceAuthorization? FindByDeviceCode(string deviceCode) => _byDeviceCode.GetValueOrDefault(deviceCode);

    public DeviceAuthorization? FindByUserCode(string userCode) => _byUserCode.GetValueOrDefault(userCode.Trim());

    private static string NewUserCode()
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        Span<char> code = stackalloc char[9];
        for (var i = 0; i < code.Length; i++)
        {
            code[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        }

        return new string(code);
    }
}
