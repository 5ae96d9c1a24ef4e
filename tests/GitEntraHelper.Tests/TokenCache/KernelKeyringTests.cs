using System.Text;
using GitEntraHelper.Platform;

namespace GitEntraHelper.Tests.TokenCache;

/// <summary>The real Linux kernel keyring (this machine's kernel, the test user's keyring).</summary>
[Trait(OsTraits.Name, OsTraits.Linux)]
public sealed class KernelKeyringTests : IDisposable
{
    private readonly KernelKeyring _keyring = KernelKeyring.Instance;
    private readonly string _name = $"git-credential-entra-test/{Guid.NewGuid():N}";

    [Fact]
    public void Where_the_kernel_refuses_keyrings_every_call_says_why_and_keeps_nothing()
    {
        Assert.True(OperatingSystem.IsLinux(), "these tests run on Linux");
        if (_keyring.Unavailable is not { } why)
        {
            return; // this kernel serves keyrings: the other tests here prove what it does with them
        }

        // A container with Docker's default seccomp profile: one line naming the cause, and no call throws.
        Assert.Contains("refused keyring system calls", why, StringComparison.Ordinal);
        Assert.Null(_keyring.EnsureKeyring(_name));
        Assert.Equal(why, _keyring.Put(1, _name + "/k", "x"u8, TimeSpan.FromMinutes(1))?.Reason);
        Assert.Null(_keyring.Search("user", _name + "/k"));
    }

    [Fact]
    public void Our_keyring_hangs_off_the_session_keyring_and_the_session_is_named()
    {
        if (KernelRefuses())
        {
            return;
        }

        int keyring = _keyring.EnsureKeyring(_name)!.Value;

        // /proc/self/... cannot show links; keyctl's own describe of the session keyring can: its name is
        // what SessionReach reports, and our keyring is found by a search that starts there.
        Assert.False(string.IsNullOrEmpty(_keyring.Session.Name));
        Assert.Equal(_keyring.Session.Name.StartsWith("_uid_ses.", StringComparison.Ordinal), _keyring.Session.SharedByUser);
        Assert.Contains(_keyring.Session.SharedByUser ? "user-session keyring" : "this login session only", _keyring.Session.ToString());
        Assert.Equal(keyring, _keyring.Search("keyring", _name));
    }

    [Fact]
    public void Keys_round_trip_possessor_only_with_a_timeout_and_clear_empties_the_keyring()
    {
        Assert.True(OperatingSystem.IsLinux(), "these tests run on Linux");
        if (KernelRefuses())
        {
            return;
        }

        int keyring = _keyring.EnsureKeyring(_name)!.Value;
        Assert.Equal(keyring, _keyring.EnsureKeyring(_name)); // found, not created twice
        Assert.Null(_keyring.Put(keyring, _name + "/k", "payload-1"u8, TimeSpan.FromMinutes(10)));
        Assert.Null(_keyring.Put(keyring, _name + "/k", "payload-2"u8, TimeSpan.FromMinutes(10))); // replaces

        int key = _keyring.Search("user", _name + "/k")!.Value;
        Assert.Equal("payload-2", Encoding.UTF8.GetString(_keyring.Read(key)!));

        // /proc/keys: "ID FLAGS USAGE TIMEOUT PERM UID GID TYPE DESCRIPTION: ..."
        string[] line = File.ReadAllLines("/proc/keys").Single(l => l.Contains(_name + "/k", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("3f010000", line[4]); // everything for the possessor, "view" for the owner uid, nothing else
        Assert.EndsWith("m", line[3], StringComparison.Ordinal); // expires (minutes left), not "perm"
        Assert.Equal("3f010000", File.ReadAllLines("/proc/keys")
            .Single(l => l.Contains(" keyring ", StringComparison.Ordinal) && l.Contains(_name + ":", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[4]);

        _keyring.Clear(keyring);
        Assert.Null(_keyring.Search("user", _name + "/k"));
    }

    [Fact]
    public void Touch_renews_a_timeout_zero_removes_it_and_remove_destroys_the_key()
    {
        if (KernelRefuses())
        {
            return;
        }

        int keyring = _keyring.EnsureKeyring(_name)!.Value;
        Assert.Null(_keyring.Put(keyring, _name + "/t", "x"u8, TimeSpan.FromSeconds(30)));
        int key = _keyring.Search("user", _name + "/t")!.Value;
        Assert.EndsWith("s", Timeout(_name + "/t"), StringComparison.Ordinal);

        _keyring.Touch(key, TimeSpan.FromHours(5));
        Assert.EndsWith("h", Timeout(_name + "/t"), StringComparison.Ordinal);
        _keyring.Touch(key, TimeSpan.Zero);
        Assert.Equal("perm", Timeout(_name + "/t"));

        _keyring.Remove(key);
        Assert.Null(_keyring.Search("user", _name + "/t"));
        Assert.Null(_keyring.Read(key));
    }

    [Fact]
    public void A_payload_over_the_user_key_limit_is_refused_with_the_reason_and_leaves_no_key()
    {
        if (KernelRefuses())
        {
            return;
        }

        int keyring = _keyring.EnsureKeyring(_name)!.Value;
        var failure = _keyring.Put(keyring, _name + "/big", new byte[32768], TimeSpan.FromMinutes(1));

        Assert.NotNull(failure);
        Assert.False(string.IsNullOrEmpty(failure.Value.Reason));
        Assert.Null(_keyring.Search("user", _name + "/big")); // the placeholder went with the failed update
    }

    private static string Timeout(string description) =>
        File.ReadAllLines("/proc/keys").Single(l => l.Contains(description + ":", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[3];

    [Fact]
    public void A_key_past_its_timeout_is_gone()
    {
        if (KernelRefuses())
        {
            return;
        }

        int keyring = _keyring.EnsureKeyring(_name)!.Value;
        Assert.Null(_keyring.Put(keyring, _name + "/short", "x"u8, TimeSpan.FromSeconds(1)));
        Assert.NotNull(_keyring.Search("user", _name + "/short"));

        Thread.Sleep(2200);

        Assert.Null(_keyring.Search("user", _name + "/short"));
    }

    [Fact]
    public void Missing_keys_and_keyrings_are_null_not_errors()
    {
        Assert.Null(_keyring.Search("user", _name + "/never"));
        Assert.Null(_keyring.Search("keyring", _name + "/never"));
        Assert.Null(_keyring.Read(int.MaxValue));
    }

    /// <summary>True in a container whose seccomp profile refuses keyrings (the refusal test covers it).</summary>
    private bool KernelRefuses() => _keyring.Unavailable is not null;

    public void Dispose()
    {
        if (_keyring.Search("keyring", _name) is { } keyring)
        {
            _keyring.Clear(keyring);
            _keyring.Remove(keyring); // nothing of a test outlives it in the session keyring
        }
    }
}
