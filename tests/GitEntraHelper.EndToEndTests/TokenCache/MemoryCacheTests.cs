using GitEntraHelper.EndToEndTests.Infrastructure;

namespace GitEntraHelper.EndToEndTests.TokenCache;

/// <summary>
/// The memory cache (Linux kernel keyring) in front of the Secret Service: the published helper, real
/// git config files, the real kernel, gnome-keyring over a private D-Bus, and the emulator's counters.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class MemoryCacheTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [OsFact(TestOs.Linux, "the kernel keyring memory cache")]
    public async Task A_repeated_get_is_answered_from_the_kernel_keyring_with_no_grant_and_no_file()
    {
        using var keyring = TestPlatform.StartGnomeKeyring();
        using var scenario = new CacheScenario(emulator, keyring);
        if (ProvedFallbackInstead(scenario))
        {
            return;
        }

        scenario.Sandbox.Environment["GIT_ENTRA_TRACE"] = "1";
        var signIn = scenario.Sandbox.Helper(scenario.Request, "get");
        Assert.True(signIn.ExitCode == 0, signIn.ToString());
        string keyringName = KeptIn(signIn);
        long grants = await emulator.StatAsync("tokenRequests");

        for (int i = 0; i < 5; i++)
        {
            var get = scenario.Sandbox.Helper(scenario.Request, "get");
            Assert.True(get.ExitCode == 0, get.ToString());
            Assert.Contains(get.StdErr.Split('\n'), l => l.Contains("memory-cache: hit", StringComparison.Ordinal));
            Assert.DoesNotContain(get.StdErr.Split('\n'), l => l.Contains("settings: git config", StringComparison.Ordinal)
                || l.Contains("Secret Service", StringComparison.Ordinal));
            Assert.Equal(CacheScenario.PasswordOf(signIn), CacheScenario.PasswordOf(get));
        }

        Assert.Equal(grants, await emulator.StatAsync("tokenRequests"));
        Assert.Empty(scenario.Sandbox.FilesContaining(CacheScenario.PasswordOf(signIn)));
        var ours = File.ReadAllLines("/proc/keys").Where(l => l.Contains(keyringName, StringComparison.Ordinal))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.Contains(ours, k => k[7] == "keyring");
        Assert.All(ours, k => Assert.Equal("3f010000", k[4])); // possessor only; the owner uid may only view
        Assert.All(ours.Where(k => k[7] == "user"), k => Assert.NotEqual("perm", k[3])); // every key expires
        Assert.Equal(2, ours.Count(k => k[7] == "user")); // one token, one route to it
    }

    [OsFact(TestOs.Linux, "the kernel keyring memory cache")]
    public void A_changed_git_config_file_or_consulted_variable_takes_the_regular_path_again()
    {
        using var keyring = TestPlatform.StartGnomeKeyring();
        using var scenario = new CacheScenario(emulator, keyring);
        if (ProvedFallbackInstead(scenario))
        {
            return;
        }

        scenario.GetToken();
        scenario.Sandbox.Environment["GIT_ENTRA_TRACE"] = "1";
        Assert.Contains("memory-cache: hit", scenario.Sandbox.Helper(scenario.Request, "get").StdErr, StringComparison.Ordinal);

        scenario.Sandbox.SetConfig("credential.entraLockTimeout", "120");
        var afterConfig = scenario.Sandbox.Helper(scenario.Request, "get");
        scenario.Sandbox.Environment["GIT_ENTRA_LOCK_TIMEOUT"] = "90"; // read by the regular path, so it counts
        var afterVariable = scenario.Sandbox.Helper(scenario.Request, "get");
        scenario.Sandbox.Environment["SOME_UNRELATED_VARIABLE"] = "x"; // never read: still a hit
        var unrelated = scenario.Sandbox.Helper(scenario.Request, "get");

        Assert.Contains("memory-cache: miss", afterConfig.StdErr, StringComparison.Ordinal);
        Assert.Contains("settings: git config", afterConfig.StdErr, StringComparison.Ordinal);
        Assert.Contains("memory-cache: miss", afterVariable.StdErr, StringComparison.Ordinal);
        Assert.Contains("memory-cache: hit", unrelated.StdErr, StringComparison.Ordinal);
    }

    [OsFact(TestOs.Linux, "the kernel keyring memory cache")]
    public async Task Logout_and_erase_clear_it_so_a_forgotten_token_is_never_answered()
    {
        using var keyring = TestPlatform.StartGnomeKeyring();
        using var scenario = new CacheScenario(emulator, keyring);
        if (ProvedFallbackInstead(scenario))
        {
            return;
        }

        string token = scenario.GetToken();
        scenario.Sandbox.Environment["GIT_ENTRA_TRACE"] = "1";

        scenario.Sandbox.Helper("protocol=https\nhost=" + new Uri(emulator.DevOpsUrl).Authority
            + $"\npath=contoso/demo/_git/demo\nusername=entra\npassword={token}\n\n", "erase");
        var afterErase = scenario.Sandbox.Helper(scenario.Request, "get");
        Assert.Contains("memory-cache: miss", afterErase.StdErr, StringComparison.Ordinal);
        Assert.NotEqual(token, CacheScenario.PasswordOf(afterErase)); // erase's fingerprint forced a refresh

        Assert.Equal(0, scenario.Sandbox.Helper(null, "logout", "--all").ExitCode);
        scenario.Sandbox.Environment["GIT_TERMINAL_PROMPT"] = "0";
        long signIns = await emulator.StatAsync("signIns");
        var afterLogout = scenario.Sandbox.Helper(scenario.Request, "get");

        Assert.NotEqual(0, afterLogout.ExitCode); // nothing answered from memory: sign-in needed, and not allowed
        Assert.DoesNotContain("password=", afterLogout.StdOut, StringComparison.Ordinal);
        Assert.Equal(signIns, await emulator.StatAsync("signIns"));
    }

    [OsFact(TestOs.Linux, "the kernel keyring memory cache")]
    public void Turned_off_it_keeps_nothing_in_the_kernel()
    {
        using var keyring = TestPlatform.StartGnomeKeyring();
        using var scenario = new CacheScenario(emulator, keyring);
        scenario.Sandbox.SetConfig("credential.entraMemoryCache", "false");
        scenario.Sandbox.Environment["GIT_ENTRA_TRACE"] = "1";

        var first = scenario.Sandbox.Helper(scenario.Request, "get");
        var second = scenario.Sandbox.Helper(scenario.Request, "get");

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("memory-cache: off (git config credential.entraMemoryCache)", first.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("memory-cache: hit", second.StdErr, StringComparison.Ordinal);
        Assert.Contains("Secret Service", second.StdErr, StringComparison.Ordinal);
    }

    [OsFact(TestOs.Linux, "the kernel keyring memory cache")]
    public void Another_host_is_remembered_as_not_ours_when_config_declares_an_Azure_DevOps_host()
    {
        using var keyring = TestPlatform.StartGnomeKeyring();
        using var scenario = new CacheScenario(emulator, keyring); // declares the emulator's host
        if (ProvedFallbackInstead(scenario))
        {
            return;
        }

        scenario.Sandbox.Environment["GIT_ENTRA_TRACE"] = "1";
        const string Other = "protocol=https\nhost=git.example.com\npath=team/repo.git\n\n";

        var first = scenario.Sandbox.Helper(Other, "get");
        var second = scenario.Sandbox.Helper(Other, "get");
        scenario.Sandbox.SetConfig("credential.https://git.example.com.provider", "azure-devops");
        var declaredNow = scenario.Sandbox.Helper(Other, "get");

        Assert.True(first.ExitCode == 0 && first.StdOut.Length == 0, first.ToString());
        Assert.Contains("settings: git config", first.StdErr, StringComparison.Ordinal);
        Assert.Contains("memory-cache: kept: not ours", first.StdErr, StringComparison.Ordinal);
        Assert.True(second.ExitCode == 0 && second.StdOut.Length == 0, second.ToString());
        Assert.Contains("memory-cache: hit: not ours", second.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("settings: git config", second.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("hit: not ours", declaredNow.StdErr, StringComparison.Ordinal); // the config changed
        Assert.Contains("settings: git config", declaredNow.StdErr, StringComparison.Ordinal);
    }

    [OsFact(TestOs.Linux, "the kernel keyring memory cache")]
    public async Task Where_the_kernel_refuses_keyrings_get_still_answers_and_trace_and_diagnose_say_why()
    {
        using var keyring = TestPlatform.StartGnomeKeyring();
        using var scenario = new CacheScenario(emulator, keyring);
        scenario.Sandbox.Environment["GIT_ENTRA_TRACE"] = "1";
        long signIns = await emulator.StatAsync("signIns");

        // As inside a container with Docker's default seccomp profile.
        var first = scenario.Sandbox.Run(TestPlatform.NoKeyringLauncher, scenario.Request, PublishedHelper.Path, "get");
        var second = scenario.Sandbox.Run(TestPlatform.NoKeyringLauncher, scenario.Request, PublishedHelper.Path, "get");
        var diagnose = scenario.Sandbox.Run(TestPlatform.NoKeyringLauncher, null, PublishedHelper.Path, "diagnose", scenario.RepositoryUrl);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(CacheScenario.PasswordOf(first), CacheScenario.PasswordOf(second)); // from the Secret Service
        Assert.Equal(signIns + 1, await emulator.StatAsync("signIns"));
        Assert.DoesNotContain("memory-cache: hit", second.StdErr, StringComparison.Ordinal);
        Assert.Contains("memory-cache: not kept: the kernel refused keyring system calls", second.StdErr, StringComparison.Ordinal);
        Assert.Contains("memory cache not available (the kernel refused keyring system calls", diagnose.StdOut, StringComparison.Ordinal);
    }

    /// <summary>
    /// Where this machine's kernel refuses keyrings to every process (inside Docker), the memory cache
    /// cannot be shown working: the test then proves the fallback — a token, and the reason traced.
    /// </summary>
    private static bool ProvedFallbackInstead(CacheScenario scenario)
    {
        if (!TestPlatform.KernelRefusesKeyrings)
        {
            return false;
        }

        scenario.Sandbox.Environment["GIT_ENTRA_TRACE"] = "1";
        var get = scenario.Sandbox.Helper(scenario.Request, "get");
        Assert.True(get.ExitCode == 0, get.ToString());
        Assert.Contains("memory-cache: not kept: the kernel refused keyring system calls", get.StdErr, StringComparison.Ordinal);
        return true;
    }

    private static string KeptIn(ProcessResult result)
    {
        const string Marker = "memory-cache: kept the token in ";
        string line = result.StdErr.Split('\n').Single(l => l.Contains(Marker, StringComparison.Ordinal));
        return line[(line.IndexOf(Marker, StringComparison.Ordinal) + Marker.Length)..].Trim();
    }
}
