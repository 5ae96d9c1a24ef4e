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
        Assert.Equal(why, _keyring.Put(1, _name + "/k", "x"u8, TimeSpan.FromMinutes(1)));
        Assert.Null(_keyring.Search("user", _name + "/k"));
    }

    [Fact]
    public void Keys_round_trip_owner_only_with_a_timeout_and_clear_empties_the_keyring()
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
        Assert.Equal("3f3f0000", line[4]); // possessor and owner only: nothing for group or other
        Assert.EndsWith("m", line[3], StringComparison.Ordinal); // expires (minutes left), not "perm"
        Assert.Equal("3f3f0000", File.ReadAllLines("/proc/keys")
            .Single(l => l.Contains(" keyring ", StringComparison.Ordinal) && l.Contains(_name + ":", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[4]);

        _keyring.Clear(keyring);
        Assert.Null(_keyring.Search("user", _name + "/k"));
    }

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
        }
    }
}
