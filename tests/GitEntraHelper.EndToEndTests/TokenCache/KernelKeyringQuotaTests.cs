using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using GitEntraHelper.EndToEndTests.Infrastructure;

namespace GitEntraHelper.EndToEndTests.TokenCache;

/// <summary>
/// The kernel's per-user key quota (kernel.keys.maxbytes: 20,000 bytes for a user who is not root) met
/// by the published helper as a user who is not root: CI runs as root, whose quota is far larger, so
/// the helper runs here as a throw-away uid (setpriv; the uid exists only for the kernel's accounting).
/// The quota is filled to just short of what the token cache needs, never lowered for the machine.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed partial class KernelKeyringQuotaTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    /// <summary>Our keyring's and key's descriptions ("git-credential-entra:cache/HASH", ".../user") count against the quota too.</summary>
    private const int Descriptions = 91;

    [OsFact(TestOs.Linux, "the Linux kernel keyring")]
    public async Task Short_of_quota_access_tokens_go_first_and_a_sign_in_that_cannot_be_kept_says_so()
    {
        if (TestPlatform.KernelRefusesKeyrings)
        {
            return;
        }

        int? uid = geteuid() == 0 ? 200_000 + Random.Shared.Next(100_000) : null;
        using var scenario = new CacheScenario(emulator, keyring: null);
        scenario.Sandbox.SetConfig("credential.entraMemoryCache", "false"); // the token cache alone meets the quota
        string ca = Path.Combine(scenario.Sandbox.Root, "ca.pem");
        File.Copy(emulator.CaFile, ca);
        scenario.Sandbox.Environment["SSL_CERT_FILE"] = ca;
        scenario.Sandbox.Environment["GIT_ENTRA_TRACE"] = "1";
        if (uid is { } user)
        {
            scenario.Sandbox.GiveTo(user);
        }

        // How much the whole cache needs, compressed, with room to spare.
        int full;
        using (var roomy = KernelSession.Start(uid))
        {
            scenario.Sandbox.Launcher = roomy.Launcher;
            var first = scenario.Sandbox.Helper(scenario.Request, "get");
            Assert.True(first.ExitCode == 0, first.ToString());
            full = int.Parse(SavedBytes().Match(first.StdErr).Groups[1].Value, CultureInfo.InvariantCulture);
            Assert.True(MaxBytes(uid) <= 20_000 || uid is null, "the quota of a user who is not root");
        }

        // Room for the sign-in without its access token, not with it: the access token is left out, the
        // sign-in is kept, and the next command refreshes silently.
        long signIns = await emulator.StatAsync("signIns");
        using (var tight = KernelSession.Start(uid))
        {
            scenario.Sandbox.Launcher = tight.Launcher;
            Fill(scenario, uid, leave: full + Descriptions - 300);
            var signIn = scenario.Sandbox.Helper(scenario.Request, "get");
            long refreshes = await emulator.StatAsync("refreshTokenGrants");
            scenario.Sandbox.Environment["GIT_TERMINAL_PROMPT"] = "0";
            var next = scenario.Sandbox.Helper(scenario.Request, "get");
            scenario.Sandbox.Environment["GIT_TERMINAL_PROMPT"] = null;

            Assert.True(signIn.ExitCode == 0, signIn.ToString());
            Assert.True(signIn.StdErr.Contains("leaving out 1 access token(s) (refreshed silently when needed) to fit the kernel's key quota", StringComparison.Ordinal),
                signIn.ToString());
            Assert.DoesNotContain("warning:", signIn.StdErr, StringComparison.Ordinal);
            Assert.True(next.ExitCode == 0, next.ToString());
            Assert.Equal(signIns + 1, await emulator.StatAsync("signIns"));
            Assert.Equal(refreshes + 1, await emulator.StatAsync("refreshTokenGrants"));
        }

        // No room even for the account and its refresh token: git still gets its token, one line says the
        // sign-in is not kept and why, and the next command (no one to ask) says it is not signed in.
        using (var full0 = KernelSession.Start(uid))
        {
            scenario.Sandbox.Launcher = full0.Launcher;
            Fill(scenario, uid, leave: Descriptions + 60);
            scenario.Sandbox.Environment["GIT_ENTRA_TRACE"] = null;
            var signIn = scenario.Sandbox.Helper(scenario.Request, "get");
            scenario.Sandbox.Environment["GIT_TERMINAL_PROMPT"] = "0";
            var next = scenario.Sandbox.Helper(scenario.Request, "get");

            Assert.True(signIn.ExitCode == 0, signIn.ToString());
            Assert.NotEmpty(CacheScenario.PasswordOf(signIn));
            string warning = Assert.Single(CacheScenario.HelperLines(signIn));
            Assert.StartsWith("git-credential-entra: warning: this sign-in is not kept for the next git command: the token cache needs ", warning, StringComparison.Ordinal);
            Assert.Matches(@"\(Disk quota exceeded; \d+ of \d+ bytes and \d+ of \d+ keys of your user's kernel key quota in use\)", warning);
            Assert.Contains("kernel.keys.maxbytes", warning, StringComparison.Ordinal);
            Assert.NotEqual(0, next.ExitCode);
            Assert.Contains("not signed in for Azure DevOps organization 'contoso'", next.StdErr, StringComparison.Ordinal);
            Assert.Equal(signIns + 2, await emulator.StatAsync("signIns"));
        }
    }

    /// <summary>Fills the user's key quota (in the session, as the user) until <paramref name="leave"/> bytes remain.</summary>
    private static void Fill(CacheScenario scenario, int? uid, int leave)
    {
        // The kernel's accounting (description, payload, rounding) is measured, not assumed: grow or shrink
        // the one filler key until exactly `leave` bytes remain.
        // The keys of the session before are freed by the kernel's garbage collector, a moment after
        // that session ends: wait until only this session's keyring is left (or, as ourselves, the count is still).
        var clock = Stopwatch.StartNew();
        var (keys, _) = Keys(uid);
        while (clock.Elapsed < TimeSpan.FromSeconds(20) && (uid is not null ? keys != 1 : Settled(uid) is false))
        {
            Thread.Sleep(100);
            (keys, _) = Keys(uid);
        }

        const string Name = "gce-filler";
        int payload = 1;
        for (int attempt = 0; attempt < 4; attempt++)
        {
            var filled = scenario.Sandbox.Run("keyctl", new string('x', payload), "padd", "user", Name, "@s");
            Assert.True(filled.ExitCode == 0, filled.ToString());
            var (used, max) = Quota(uid);
            if (max - used == leave)
            {
                return;
            }

            payload += max - used - leave;
            Assert.True(payload > 0, $"{used} of {max} bytes already in use");
        }

        Assert.Fail($"could not leave exactly {leave} bytes of the key quota free: {Quota(uid)}");
    }

    private static int MaxBytes(int? uid) => Quota(uid).Max;

    private static bool Settled(int? uid)
    {
        var before = Quota(uid);
        Thread.Sleep(500);
        return Quota(uid) == before;
    }

    private static (int Keys, int MaxKeys) Keys(int? uid) => Field(uid, 3);

    private static (int Used, int Max) Quota(int? uid) => Field(uid, 4);

    /// <summary>/proc/key-users: "UID: USAGE NKEYS/NIKEYS QNKEYS/MAXKEYS QNBYTES/MAXBYTES"; field 3 or 4.</summary>
    private static (int Used, int Max) Field(int? uid, int field)
    {
        string who = (uid ?? (int)geteuid()).ToString(CultureInfo.InvariantCulture) + ":";
        string line = File.ReadAllLines("/proc/key-users").Single(l => l.TrimStart().StartsWith(who, StringComparison.Ordinal));
        string[] pair = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[field].Split('/');
        return (int.Parse(pair[0], CultureInfo.InvariantCulture), int.Parse(pair[1], CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"saved (\d+) bytes \(compressed\)")]
    private static partial Regex SavedBytes();

    [DllImport("libc")]
    private static extern uint geteuid();
}
