using GitEntraHelper.EndToEndTests.Emulator;
using GitEntraHelper.EndToEndTests.Foundation;
using GitEntraHelper.EndToEndTests.Infrastructure;

namespace GitEntraHelper.EndToEndTests.TokenCache;

/// <summary>
/// The memory cache never answers a request with what another request's settings chose: the published
/// helper under the real `git credential fill`, path-scoped git config, the emulator's identities. For
/// each URL the answer with the memory cache on (asked twice, so the second may be a hit) must be
/// exactly what the regular path gives with it off.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class MemoryCacheScopeTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [OsFact(TestOs.Linux, "the kernel keyring memory cache")]
    public void Repository_scoped_settings_are_answered_as_the_regular_path_answers_them()
    {
        using var keyring = TestPlatform.StartGnomeKeyring();
        using var scenario = new CacheScenario(emulator, keyring);
        var sandbox = scenario.Sandbox;
        scenario.GetToken(); // the user signs in once (device code, approved by the emulator)
        string scope = $"credential.{emulator.DevOpsUrl}/contoso";
        sandbox.SetConfig($"{scope}/demo.azreposServicePrincipal", $"{emulator.TenantId}/{emulator["EMULATOR_SP_CLIENT_ID"]}");
        sandbox.SetConfig($"{scope}/demo.azreposServicePrincipalSecret", emulator["EMULATOR_SP_CLIENT_SECRET"]);
        sandbox.SetConfig($"{scope}/other.azreposServicePrincipal", $"{emulator.TenantId}/{emulator["EMULATOR_SP_CERT_CLIENT_ID"]}");
        sandbox.SetConfig($"{scope}/other.entraServicePrincipalCertificatePath", emulator["EMULATOR_SP_CERT_PEM"]);
        sandbox.SetConfig($"{scope}/pinned.username", emulator["EMULATOR_USER2"]);
        sandbox.SetConfig($"{scope}/denied.entraAllowedTenants", emulator["EMULATOR_OTHER_TENANT_ID"]);
        sandbox.SetConfig($"{scope}/unkept.entraMemoryCache", "false");
        sandbox.SetConfig($"{scope}/elsewhere.provider", "generic");
        string[] urls = ["demo/_git/demo", "other/_git/other", "pinned/_git/pinned", "denied/_git/denied", "unkept/_git/unkept", "elsewhere/_git/x", "plain/_git/plain"];
        urls = urls.Select(u => $"{emulator.DevOpsUrl}/contoso/{u}").ToArray();

        sandbox.Environment["GIT_ENTRA_TRACE"] = "1";
        var first = urls.Select(u => Fill(sandbox, u)).ToList();
        var second = urls.Select(u => Fill(sandbox, u)).ToList(); // hits where the memory cache may answer
        sandbox.Environment["GIT_ENTRA_MEMORY_CACHE"] = "false";
        var regular = urls.Select(u => Fill(sandbox, u)).ToList();

        for (int i = 0; i < urls.Length; i++)
        {
            Assert.True(Outcome(regular[i]) == Outcome(first[i]), $"first ask of {urls[i]}:\n{first[i]}\nregular path:\n{regular[i]}");
            Assert.True(Outcome(regular[i]) == Outcome(second[i]), $"second ask of {urls[i]}:\n{second[i]}\nregular path:\n{regular[i]}");
        }

        // The identities really differ, and the memory cache was in play where it may be.
        Assert.Equal($"{emulator["EMULATOR_SP_CLIENT_ID"]}/app", Outcome(regular[0]));
        Assert.Equal($"{emulator["EMULATOR_SP_CERT_CLIENT_ID"]}/app", Outcome(regular[1]));
        Assert.StartsWith("failed", Outcome(regular[3]), StringComparison.Ordinal);
        Assert.Equal("not ours", Outcome(regular[5]));
        if (!TestPlatform.KernelRefusesKeyrings)
        {
            Assert.Contains("memory-cache: hit", second[0].StdErr, StringComparison.Ordinal);
            Assert.Contains("memory-cache: hit", second[1].StdErr, StringComparison.Ordinal);
            Assert.DoesNotContain("memory-cache: hit", second[4].StdErr, StringComparison.Ordinal);
        }
    }

    [OsFact(TestOs.Linux, "the kernel keyring memory cache")]
    public void A_path_git_made_from_percent_2F_never_shares_another_organization_s_entry_nor_skips_its_tenant_policy()
    {
        using var keyring = TestPlatform.StartGnomeKeyring();
        using var scenario = new CacheScenario(emulator, keyring);
        var sandbox = scenario.Sandbox;
        sandbox.SetConfig($"credential.{emulator.DevOpsUrl}/fabrikam.entraAllowedTenants", emulator["EMULATOR_OTHER_TENANT_ID"]);
        sandbox.Environment["GIT_ENTRA_TRACE"] = "1";
        string contoso = $"{emulator.DevOpsUrl}/%2Fcontoso/demo/_git/demo"; // git hands the helper path=/contoso/…
        string fabrikam = $"{emulator.DevOpsUrl}/%2Ffabrikam/demo/_git/demo";

        var signIn = Fill(sandbox, contoso);
        var hit = Fill(sandbox, contoso);
        var refused = Fill(sandbox, fabrikam);
        var refusedAgain = Fill(sandbox, fabrikam);
        sandbox.Environment["GIT_ENTRA_MEMORY_CACHE"] = "false";
        var regular = Fill(sandbox, fabrikam);

        Assert.Contains("path=/contoso/demo", signIn.StdErr + signIn.StdOut, StringComparison.Ordinal);
        Assert.Equal($"{emulator.PublicClientId}/{emulator.User}", Outcome(signIn));
        Assert.Equal(Outcome(signIn), Outcome(hit));
        if (!TestPlatform.KernelRefusesKeyrings)
        {
            Assert.Contains("memory-cache: hit", hit.StdErr, StringComparison.Ordinal);
        }

        foreach (var fill in new[] { refused, refusedAgain, regular })
        {
            Assert.DoesNotContain("password=", fill.StdOut, StringComparison.Ordinal);
            Assert.DoesNotContain("memory-cache: hit", fill.StdErr, StringComparison.Ordinal);
            Assert.Contains("(IT policy) does not allow; no token was requested", fill.StdErr, StringComparison.Ordinal);
        }
    }

    [OsFact(TestOs.Linux, "the kernel keyring memory cache")]
    public void With_stdout_closed_no_token_reaches_stderr_from_the_engine_or_the_front()
    {
        using var keyring = TestPlatform.StartGnomeKeyring();
        using var scenario = new CacheScenario(emulator, keyring);
        string stderr = Path.Combine(scenario.Sandbox.Root, "stderr");

        var engine = scenario.Sandbox.Run("/bin/sh", scenario.Request, "-c", "exec \"$0\" get >&- 2>\"$1\"", PublishedHelper.Path, stderr);
        string engineErr = File.ReadAllText(stderr);
        string token = scenario.GetToken(); // kept in memory: the next get is the front's
        var front = scenario.Sandbox.Run("/bin/sh", scenario.Request, "-c", "exec \"$0\" get >&- 2>\"$1\"", PublishedHelper.Path, stderr);
        string frontErr = File.ReadAllText(stderr);

        foreach (var (result, err) in new[] { (engine, engineErr), (front, frontErr) })
        {
            Assert.True(result.ExitCode == 0, result + err);
            Assert.DoesNotContain("password=", err, StringComparison.Ordinal);
            Assert.DoesNotContain(token, err, StringComparison.Ordinal);
            StandardStreamsTests.AssertNoCrash(scenario.Sandbox, result);
        }
    }

    /// <summary>`git credential fill` for a URL, as git asks the helper (git 2.39, useHttpPath).</summary>
    private static ProcessResult Fill(GitSandbox sandbox, string url)
    {
        sandbox.Environment["GIT_ASKPASS"] = "/bin/false"; // no helper answer: git's own prompt fails at once
        return sandbox.GitWithInput($"url={url}\n\n", "credential", "fill");
    }

    /// <summary>Whose token git got (client id / user, or app), or that it got none.</summary>
    private static string Outcome(ProcessResult fill)
    {
        string? password = fill.StdOutLines.FirstOrDefault(l => l.StartsWith("password=", StringComparison.Ordinal))?["password=".Length..];
        if (password is null)
        {
            bool ours = fill.StdErr.Contains("git-credential-entra:", StringComparison.Ordinal);
            return ours ? "failed" : "not ours";
        }

        var claims = AuthorizationCodeSignInTests.Payload(password);
        string who = (string?)claims["idtyp"] == "app" ? "app" : (string?)claims["upn"] ?? (string?)claims["preferred_username"] ?? "?";
        return $"{(string?)claims["azp"]}/{who}";
    }
}
