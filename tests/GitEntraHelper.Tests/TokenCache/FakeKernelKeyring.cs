using System.Text;
using GitEntraHelper.Platform;

namespace GitEntraHelper.Tests.TokenCache;

/// <summary>An in-memory stand-in for the kernel keyring: keyrings hold keys by description.</summary>
internal sealed class FakeKernelKeyring : IKernelKeyring
{
    private readonly Dictionary<int, (string Type, string Description, byte[] Payload, int? Keyring)> _keys = [];
    private int _next = 100;

    public string? Unavailable { get; set; }

    /// <summary>When set, the next Put fails with this reason (as the kernel's quota would).</summary>
    public string? FailNextPut { get; set; }

    /// <summary>When set, a Put whose payload would bring the user keys' total over this many bytes fails with EDQUOT.</summary>
    public int? QuotaBytes { get; set; }

    public SessionReach Session { get; set; } = new("_ses", SharedByUser: false);

    /// <summary>The last timeout given to each key or keyring.</summary>
    public Dictionary<int, TimeSpan> Timeouts { get; } = [];

    public int UsedBytes => _keys.Values.Where(k => k.Type == "user").Sum(k => k.Description.Length + k.Payload.Length);

    public int Puts { get; private set; }

    public int Clears { get; private set; }

    public IEnumerable<string> Descriptions => _keys.Values.Where(k => k.Type == "user").Select(k => k.Description);

    public IEnumerable<string> Payloads => _keys.Values.Where(k => k.Type == "user").Select(k => Encoding.UTF8.GetString(k.Payload));

    public int? Search(string type, string description) =>
        _keys.FirstOrDefault(k => k.Value.Type == type && k.Value.Description == description) is { Value.Type: not null } hit ? hit.Key : null;

    public byte[]? Read(int key) => _keys.TryGetValue(key, out var k) ? k.Payload.ToArray() : null;

    public int? EnsureKeyring(string description) =>
        Search("keyring", description) ?? Add("keyring", description, [], null);

    public KeyringFailure? Put(int keyring, string description, ReadOnlySpan<byte> payload, TimeSpan lifetime)
    {
        Puts++;
        if (FailNextPut is { } reason)
        {
            FailNextPut = null;
            return new KeyringFailure(122, reason);
        }

        int? existing = Search("user", description);
        int others = UsedBytes - (existing is { } e ? _keys[e].Description.Length + _keys[e].Payload.Length : 0);
        if (QuotaBytes is { } quota && others + description.Length + payload.Length > quota)
        {
            return new KeyringFailure(122, "Disk quota exceeded");
        }

        if (existing is { } old)
        {
            _keys.Remove(old);
        }

        Timeouts[Add("user", description, payload.ToArray(), keyring)] = lifetime;
        return null;
    }

    public void Touch(int key, TimeSpan lifetime) => Timeouts[key] = lifetime;

    public void Remove(int key) => _keys.Remove(key);

    public void Clear(int keyring)
    {
        Clears++;
        foreach (var id in _keys.Where(k => k.Value.Keyring == keyring).Select(k => k.Key).ToList())
        {
            _keys.Remove(id);
        }
    }

    private int Add(string type, string description, byte[] payload, int? keyring)
    {
        _keys[++_next] = (type, description, payload, keyring);
        return _next;
    }
}
