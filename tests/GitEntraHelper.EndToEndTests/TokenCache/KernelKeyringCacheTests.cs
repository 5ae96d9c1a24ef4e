using System.IO.Compression;
using System.Text;
using GitEntraHelper.EndToEndTests.Infrastructure;

namespace GitEntraHelper.EndToEndTests.TokenCache;

/// <summary>
/// Linux with no Secret Service reachable (an SSH login, WSL, a container, a cloud dev box): the token
/// cache lives in the kernel keyring of the login session — the real git, the published helper, the
/// real kernel (keyutils' keyctl to look), no D-Bus at all, and the emulator's counters.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class KernelKeyringCacheTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [OsFact(TestOs.Linux, "the Linux kernel keyring")]
    public async Task Without_d_bus_one_sign_in_serves_twenty_git_commands_from_kernel_memory_that_another_session_cannot_read()
    {
        if (TestPlatform.KernelRefusesKeyrings)
        {
            return; // this machine's kernel refuses keyrings to everyone: the seccomp test below proves that case
        }

        using var session = KernelSession.Start();
        using var scenario = new CacheScenario(emulator, keyring: null); // no DBUS_SESSION_BUS_ADDRESS, no $XDG_RUNTIME_DIR/bus
        scenario.Sandbox.Launcher = session.Launcher;
        scenario.Sandbox.Timeout = TimeSpan.FromMinutes(2);
        long signIns = await emulator.StatAsync("signIns");

        var clone = scenario.Clone();
        Assert.True(clone.ExitCode == 0, clone.ToString());
        Assert.Contains("To sign in to Azure DevOps, open ", clone.StdErr, StringComparison.Ordinal);
        for (int i = 0; i < 10; i++)
        {
            scenario.Sandbox.Git("-C", "demo", "fetch").EnsureSuccess();
        }

        // With the memory cache off every get reads the token cache itself, from kernel memory.
        scenario.Sandbox.SetConfig("credential.entraMemoryCache", "false");
        for (int i = 0; i < 10; i++)
        {
            File.WriteAllText(Path.Combine(scenario.Sandbox.WorkDirectory, "demo", $"kernel-{i}.txt"), $"push {i}\n");
            scenario.Sandbox.Git("-C", "demo", "add", ".").EnsureSuccess();
            scenario.Sandbox.Git("-C", "demo", "commit", "-m", $"kernel keyring push {i}").EnsureSuccess();
            scenario.Sandbox.Git("-C", "demo", "push", "origin", $"HEAD:refs/heads/kernel-{Guid.NewGuid():N}").EnsureSuccess();
        }

        Assert.Equal(signIns + 1, await emulator.StatAsync("signIns"));

        // Where it is: one possessor-only key in our keyring, linked from this session's keyring, with a timeout.
        string description = CacheKey(scenario);
        string shown = session.Run("keyctl", "show", "@s").EnsureSuccess().StdOut;
        Assert.Contains($"user: {description}", shown, StringComparison.Ordinal);
        string[] proc = ProcKey(description);
        Assert.Equal("3f010000", proc[4]);
        Assert.NotEqual("perm", proc[3]);
        var diagnose = scenario.Sandbox.Helper(null, "diagnose", scenario.RepositoryUrl);
        Assert.True(diagnose.StdOut.Contains($"kernel keyring (memory only): key '{description}' in the session keyring '{SessionName(shown)}' (this login session only)", StringComparison.Ordinal)
            && diagnose.StdOut.Contains("no Secret Service is reachable: no D-Bus session bus", StringComparison.Ordinal), diagnose.ToString());

        // What is in it never touches a file: not the access token, not the refresh token.
        IReadOnlyList<string> secrets = CacheScenario.SecretsIn(ReadCache(session, description));
        Assert.Contains(scenario.GetToken(), secrets);
        Assert.True(secrets.Count >= 2, "an access and a refresh token are cached");
        Assert.All(secrets, secret => Assert.Empty(scenario.Sandbox.FilesContaining(secret)));

        // Another login of the same user (keyctl new_session) can neither find it nor read it by its id...
        string key = session.Run("keyctl", "search", "@s", "user", description).EnsureSuccess().StdOut.Trim();
        scenario.Sandbox.Launcher = KernelSession.InAnotherSession();
        var search = scenario.Sandbox.Run("keyctl", null, "search", "@s", "user", description);
        var read = scenario.Sandbox.Run("keyctl", null, "read", key);
        Assert.True(search.ExitCode != 0 && search.StdErr.Contains("Required key not available", StringComparison.Ordinal), search.ToString());
        Assert.True(read.ExitCode != 0 && read.StdErr.Contains("Permission denied", StringComparison.Ordinal), read.ToString());
        // ...and a git command there signs in again (its own session's cache), leaving this one alone.
        scenario.Sandbox.Git("-C", "demo", "fetch").EnsureSuccess();
        Assert.Equal(signIns + 2, await emulator.StatAsync("signIns"));

        // logout --all empties it: the key is gone and the next command needs a sign-in.
        scenario.Sandbox.Launcher = session.Launcher;
        scenario.Sandbox.Git("credential-entra", "logout", "--all").EnsureSuccess();
        Assert.DoesNotContain($"user: {description}", session.Run("keyctl", "show", "@s").EnsureSuccess().StdOut, StringComparison.Ordinal);
        scenario.Sandbox.Environment["GIT_TERMINAL_PROMPT"] = "0";
        var afterLogout = scenario.Sandbox.Git("-C", "demo", "fetch");
        Assert.NotEqual(0, afterLogout.ExitCode);
        Assert.Contains("not signed in for Azure DevOps organization 'contoso'", afterLogout.StdErr, StringComparison.Ordinal);
        Assert.Equal(signIns + 2, await emulator.StatAsync("signIns"));
    }

    [OsFact(TestOs.Linux, "the Linux kernel keyring")]
    public async Task Where_the_kernel_refuses_keyrings_too_one_line_names_the_two_ways_on_and_plain_text_works()
    {
        using var scenario = new CacheScenario(emulator, keyring: null);
        scenario.Sandbox.Launcher = [TestPlatform.NoKeyringLauncher]; // Docker's default seccomp profile
        long signIns = await emulator.StatAsync("signIns");

        var refused = scenario.Clone();

        Assert.NotEqual(0, refused.ExitCode);
        string line = Assert.Single(CacheScenario.HelperLines(refused));
        Assert.StartsWith("git-credential-entra: cannot keep the token cache: no Secret Service is reachable (no D-Bus session bus", line, StringComparison.Ordinal);
        Assert.Contains("the kernel refused keyring system calls", line, StringComparison.Ordinal);
        Assert.Contains("dbus-run-session -- bash -c", line, StringComparison.Ordinal); // the keyring shell, a hint one can paste
        Assert.Contains("GIT_ENTRA_CACHE_PROTECTION=plaintext", line, StringComparison.Ordinal);
        Assert.Equal(signIns, await emulator.StatAsync("signIns")); // said before anyone signed in

        scenario.Sandbox.Environment["GIT_ENTRA_CACHE_PROTECTION"] = "plaintext";
        var optedIn = scenario.Clone("opted-in");

        Assert.True(optedIn.ExitCode == 0, optedIn.ToString());
        Assert.Equal(signIns + 1, await emulator.StatAsync("signIns"));
        Assert.True(File.Exists(scenario.PlainTextCacheFile));
        scenario.Sandbox.Git("-C", "opted-in", "fetch").EnsureSuccess();
        Assert.Equal(signIns + 1, await emulator.StatAsync("signIns"));
    }

    [OsFact(TestOs.Linux, "the Linux kernel keyring")]
    public async Task A_bus_on_which_nothing_provides_the_secret_service_keeps_the_cache_in_the_kernel_keyring()
    {
        if (TestPlatform.KernelRefusesKeyrings)
        {
            return;
        }

        using var bus = TestPlatform.StartBusWithoutSecretService();
        using var session = KernelSession.Start();
        using var scenario = new CacheScenario(emulator, bus);
        scenario.Sandbox.Launcher = session.Launcher;
        scenario.Sandbox.Environment["GIT_ENTRA_TRACE"] = "1";
        long signIns = await emulator.StatAsync("signIns");

        var clone = scenario.Clone();
        var fetch = scenario.Sandbox.Git("-C", "demo", "fetch");

        Assert.True(clone.ExitCode == 0, clone.ToString());
        Assert.True(fetch.ExitCode == 0, fetch.ToString());
        Assert.Empty(CacheScenario.HelperLines(clone));
        Assert.Contains("nothing provides org.freedesktop.secrets on the D-Bus session bus", clone.StdErr, StringComparison.Ordinal);
        Assert.Equal(signIns + 1, await emulator.StatAsync("signIns"));
        Assert.Contains($"user: {CacheKey(scenario)}", session.Run("keyctl", "show", "@s").EnsureSuccess().StdOut, StringComparison.Ordinal);
    }

    [OsFact(TestOs.Linux, "the Linux kernel keyring")]
    public async Task Concurrent_git_commands_on_an_empty_kernel_cache_sign_in_once()
    {
        if (TestPlatform.KernelRefusesKeyrings)
        {
            return;
        }

        using var session = KernelSession.Start();
        using var scenario = new CacheScenario(emulator, keyring: null);
        scenario.Sandbox.Launcher = session.Launcher;
        scenario.Sandbox.Timeout = TimeSpan.FromMinutes(2);
        scenario.Sandbox.SetConfig("credential.entraMemoryCache", "false");
        Assert.True(scenario.Clone("seed").ExitCode == 0);
        var clones = Enumerable.Range(0, 8).Select(i => $"clone-{i}").ToList();
        foreach (var clone in clones)
        {
            scenario.Sandbox.Git("clone", "--quiet", "seed", clone).EnsureSuccess();
            scenario.Sandbox.Git("-C", clone, "remote", "set-url", "origin", scenario.RepositoryUrl).EnsureSuccess();
        }

        scenario.Sandbox.Git("credential-entra", "logout", "--all").EnsureSuccess();
        long signIns = await emulator.StatAsync("signIns");
        using var start = new SemaphoreSlim(0);
        var fetches = clones.Select(async clone =>
        {
            await start.WaitAsync();
            return await scenario.Sandbox.GitAsync(["-C", clone, "fetch", "--quiet", "origin"]);
        }).ToList();
        start.Release(clones.Count);

        var results = await Task.WhenAll(fetches);

        Assert.All(results, f => Assert.True(f.ExitCode == 0, f.ToString()));
        Assert.Equal(signIns + 1, await emulator.StatAsync("signIns"));
    }

    [OsFact(TestOs.Linux, "the Linux kernel keyring")]
    public async Task A_kernel_entry_that_is_not_a_cache_of_ours_is_set_aside_and_the_user_signs_in_again()
    {
        if (TestPlatform.KernelRefusesKeyrings)
        {
            return;
        }

        using var session = KernelSession.Start();
        using var scenario = new CacheScenario(emulator, keyring: null);
        scenario.Sandbox.Launcher = session.Launcher;
        scenario.Sandbox.SetConfig("credential.entraMemoryCache", "false");
        Assert.True(scenario.Clone().ExitCode == 0);
        string description = CacheKey(scenario);
        const string Damaged = "damaged: not a token cache";
        var overwrite = scenario.Sandbox.Run("sh", null, "-c", $"printf '%s' '{Damaged}' | keyctl padd user '{description}' \"$(keyctl search @s keyring '{description[..description.LastIndexOf('/')]}')\"");
        Assert.True(overwrite.ExitCode == 0, overwrite.ToString());
        scenario.Sandbox.Environment["GIT_ENTRA_TRACE"] = "1";
        long signIns = await emulator.StatAsync("signIns");

        var fetch = scenario.Sandbox.Git("-C", "demo", "fetch");

        Assert.True(fetch.ExitCode == 0, fetch.ToString());
        Assert.Contains(fetch.StdErr.Split('\n'), l => l.Contains("is unreadable (the kernel keyring entry is not a token cache written by git-credential-entra)", StringComparison.Ordinal)
            && l.Contains($"set aside as kernel key '{description}-corrupt-", StringComparison.Ordinal));
        Assert.Equal(signIns + 1, await emulator.StatAsync("signIns"));
        string aside = session.Run("keyctl", "show", "@s").EnsureSuccess().StdOut.Split('\n')
            .Select(l => l.Trim()).Single(l => l.Contains($"user: {description}-corrupt-", StringComparison.Ordinal));
        string asideKey = aside[(aside.IndexOf("user: ", StringComparison.Ordinal) + "user: ".Length)..];
        Assert.Equal(Damaged, session.Run("sh", "-c", $"keyctl pipe \"$(keyctl search @s user '{asideKey}')\"").EnsureSuccess().StdOut);

        scenario.Sandbox.Git("credential-entra", "logout", "--all").EnsureSuccess(); // finds the copy by its marker
        Assert.DoesNotContain(asideKey, session.Run("keyctl", "show", "@s").EnsureSuccess().StdOut, StringComparison.Ordinal);
    }

    /// <summary>The user partition's key: "git-credential-entra:cache/HASH/user" (its keyring's name is in the trace).</summary>
    internal static string CacheKey(CacheScenario scenario)
    {
        // A get that reads the token cache (not the memory cache), traced.
        var saved = new Dictionary<string, string?>(scenario.Sandbox.Environment);
        scenario.Sandbox.Environment["GIT_ENTRA_TRACE"] = "1";
        scenario.Sandbox.Environment["GIT_ENTRA_MEMORY_CACHE"] = "false";
        var diagnose = scenario.Sandbox.Helper(scenario.Request, "get");
        scenario.Sandbox.Environment.Clear();
        foreach (var (name, value) in saved)
        {
            scenario.Sandbox.Environment[name] = value;
        }

        const string Marker = "key '";
        string line = diagnose.StdErr.Split('\n').First(l => l.Contains("kernel keyring (memory only): key '", StringComparison.Ordinal));
        int start = line.IndexOf(Marker, StringComparison.Ordinal) + Marker.Length;
        return line[start..line.IndexOf('\'', start)];
    }

    /// <summary>MSAL's cache JSON as the helper stored it in the kernel (read inside the session, base64 on the way out).</summary>
    internal static string ReadCache(KernelSession session, string description)
    {
        string base64 = session.Run("sh", "-c", $"keyctl pipe \"$(keyctl search @s user '{description}')\" | base64 -w0").EnsureSuccess().StdOut.Trim();
        byte[] payload = Convert.FromBase64String(base64);
        Assert.Equal("gce1", Encoding.ASCII.GetString(payload, 0, 4));
        using var brotli = new BrotliStream(new MemoryStream(payload, 5, payload.Length - 5), CompressionMode.Decompress);
        using var reader = new StreamReader(brotli, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>/proc/keys' line: "ID FLAGS USAGE TIMEOUT PERM UID GID TYPE DESCRIPTION: ...".</summary>
    private static string[] ProcKey(string description) =>
        File.ReadAllLines("/proc/keys").Single(l => l.Contains($" {description}:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static string SessionName(string keyctlShow) =>
        keyctlShow.Split('\n')[1].Split("keyring: ", 2)[1].Trim();
}
