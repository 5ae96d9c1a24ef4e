using System.Text;
using GitEntraHelper.Diagnostics;
using GitEntraHelper.TokenCache;
using Microsoft.Identity.Client;

namespace GitEntraHelper.Tests.TokenCache;

/// <summary>
/// The kernel keyring storage against a stand-in keyring with a byte quota (the real kernel's placement,
/// permissions and quota are proven end to end): round trip, renewal on use, what goes first when the
/// quota is short, the one warning when a sign-in cannot be kept, the corrupt-entry rules, and the line
/// where the kernel refuses keyrings.
/// </summary>
// TokenCachePersistence builds this storage on Linux only (D-Bus reach, the kernel keyring).
[Trait(OsTraits.Name, OsTraits.Linux)]
public sealed class KernelCacheStorageTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromHours(24);
    private readonly TempFolder _temp = new();
    private readonly FakeKernelKeyring _keyring = new();
    private readonly List<string> _trace = [];
    private readonly List<string> _warnings = [];

    private KernelCacheStorage Storage(string partition = TokenCachePartitions.User) =>
        new(_keyring, _temp.Cache, partition, Timeout, "default", () => "no D-Bus session bus", _trace.Add, _warnings.Add);

    [Fact]
    public void What_is_written_reads_back_and_every_read_renews_the_timeout()
    {
        byte[] json = KernelCachePayloadTests.Cache(accounts: 1, tenants: 1);

        Storage().Write(json);
        _keyring.Timeouts.Clear();
        byte[]? back = Storage().Read();

        Assert.Equal(json, back);
        int key = _keyring.Search("user", Storage().KeyName)!.Value;
        Assert.Equal(Timeout, _keyring.Timeouts[key]);
        Assert.Equal(Timeout, _keyring.Timeouts[_keyring.Search("keyring", KernelKeyringNames.TokenCache(_temp.Cache))!.Value]);
        Assert.Contains("memory only", Storage().Description, StringComparison.Ordinal);
        Assert.Contains("24 h unused", Storage().Description, StringComparison.Ordinal);
        Assert.Empty(_warnings);
    }

    [Fact]
    public void Nothing_stored_reads_as_null()
    {
        Assert.Null(Storage().Read());
    }

    [Fact]
    public void Short_of_quota_the_memory_cache_goes_first_then_access_tokens_and_the_sign_in_stays()
    {
        byte[] json = KernelCachePayloadTests.Cache(accounts: 1, tenants: 1);
        int full = KernelCachePayload.Encode(json).Length;
        int memory = _keyring.EnsureKeyring(KernelKeyringNames.MemoryCacheBeside(_temp.Cache))!.Value;
        _keyring.Put(memory, "memory-token", new byte[3000], TimeSpan.FromHours(1));
        _keyring.QuotaBytes = full; // the keyring's descriptions count too: the whole cache no longer fits

        Storage().Write(json);

        Assert.DoesNotContain("memory-token", _keyring.Descriptions); // emptied to make room
        Assert.Contains(_trace, l => l.Contains("emptied the memory cache's keyring", StringComparison.Ordinal));
        Assert.Contains(_trace, l => l.Contains("leaving out 1 access token(s)", StringComparison.Ordinal));
        string stored = Encoding.UTF8.GetString(Storage().Read()!);
        Assert.DoesNotContain("\"AccessToken\"", stored, StringComparison.Ordinal);
        Assert.Contains("\"RefreshToken\"", stored, StringComparison.Ordinal);
        Assert.Empty(_warnings);
    }

    [Fact]
    public void A_sign_in_that_fits_nowhere_keeps_the_earlier_one_and_says_so_once()
    {
        byte[] earlier = KernelCachePayloadTests.Cache(accounts: 1, tenants: 1);
        Storage().Write(earlier);
        _keyring.QuotaBytes = _keyring.UsedBytes + 100; // room for a little more, not for another account

        var storage = Storage();
        storage.Write(KernelCachePayloadTests.Cache(accounts: 6, tenants: 1));
        storage.Write(KernelCachePayloadTests.Cache(accounts: 6, tenants: 1));

        string warning = Assert.Single(_warnings);
        Assert.StartsWith("warning: this sign-in is not kept for the next git command", warning, StringComparison.Ordinal);
        Assert.Contains("git credential-entra logout ORG", warning, StringComparison.Ordinal);
        Assert.Contains("kernel.keys.maxbytes", warning, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', warning);
        Assert.Equal(earlier, Storage().Read()); // the earlier sign-in is intact
    }

    [Fact]
    public void Where_the_kernel_refuses_keyrings_one_line_names_both_ways_on()
    {
        _keyring.Unavailable = "the kernel refused keyring system calls (Operation not permitted, errno 1; a container's seccomp profile does this)";

        var read = Assert.Throws<HelperException>(() => Storage().Read());
        var write = Assert.Throws<HelperException>(() => Storage().Write([1]));

        Assert.Equal(read.Message, write.Message);
        Assert.StartsWith("cannot keep the token cache: no Secret Service is reachable (no D-Bus session bus) and the kernel refused keyring system calls", read.Message, StringComparison.Ordinal);
        Assert.Contains(read.Hints, h => h.Contains("gnome-keyring-daemon --unlock", StringComparison.Ordinal)); // the runnable keyring shell
        Assert.Contains(read.Hints, h => h.Contains("GIT_ENTRA_CACHE_PROTECTION=plaintext", StringComparison.Ordinal));
        Assert.DoesNotContain('\n', read.Message);
    }

    [Fact]
    public async Task An_entry_that_is_not_ours_is_set_aside_in_the_kernel_traced_and_the_cache_starts_empty()
    {
        int ring = _keyring.EnsureKeyring(KernelKeyringNames.TokenCache(_temp.Cache))!.Value;
        string key = KernelKeyringNames.TokenCache(_temp.Cache) + "/" + TokenCachePartitions.App(FakeAuthority.ClientId);
        _keyring.Put(ring, key, "written by something else"u8, Timeout);
        var authority = new FakeAuthority();
        IConfidentialClientApplication app = authority.NewApp();
        new PersistentTokenCache(Storage(TokenCachePartitions.App(FakeAuthority.ClientId)), _temp.Cache, TokenCachePartitions.App(FakeAuthority.ClientId),
            TimeSpan.FromSeconds(10), _trace.Add).Attach(app.AppTokenCache);

        await app.AcquireTokenForClient([FakeAuthority.Scope]).ExecuteAsync();

        Assert.Contains(_trace, l => l.Contains("is unreadable (the kernel keyring entry is not a token cache written by git-credential-entra)", StringComparison.Ordinal)
            && l.Contains($"set aside as kernel key '{key}-corrupt-", StringComparison.Ordinal));
        string aside = _keyring.Descriptions.Single(d => d.StartsWith(key + "-corrupt-", StringComparison.Ordinal));
        Assert.Equal("written by something else", Encoding.UTF8.GetString(_keyring.Read(_keyring.Search("user", aside)!.Value)!));
        Assert.Single(Directory.GetFiles(_temp.Cache, "*" + TokenCachePartitions.AsideMarker));
        Assert.NotNull(KernelCachePayload.Decode(_keyring.Read(_keyring.Search("user", key)!.Value)!)); // a fresh cache of ours replaced it
    }

    [Fact]
    public void Clear_removes_the_partition_and_verify_round_trips_a_probe()
    {
        Storage().Write(KernelCachePayloadTests.Cache(accounts: 1, tenants: 1));

        Storage().Clear();
        Storage().Verify();

        Assert.Null(Storage().Read());
        Assert.Empty(_keyring.Descriptions);
    }

    public void Dispose() => _temp.Dispose();
}
