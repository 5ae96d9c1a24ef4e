namespace GitEntraHelper.EndToEndTests.Infrastructure.SelfTests;

/// <summary>The sandbox isolates HOME, config and environment, feeds stdin, and kills what overruns.</summary>
public sealed class GitSandboxTests
{
    [OsFact(TestOs.All)]
    public void ProcessesSeeOnlyTheSandboxsHomeAndVariables()
    {
        // Variables of the test process that must not leak into a sandbox (names unique to this test).
        Environment.SetEnvironmentVariable("AZURE_GCE_SELFTEST_LEAK", "leak");
        Environment.SetEnvironmentVariable("GIT_GCE_SELFTEST_LEAK", "leak");
        Environment.SetEnvironmentVariable("IDENTITY_GCE_SELFTEST_LEAK", "leak");
        using var sandbox = new GitSandbox();

        var env = ParseEnv(sandbox.Run("env", null).EnsureSuccess().StdOut);

        Assert.Equal(sandbox.Home, env["HOME"]);
        foreach (var name in new[] { "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME" })
        {
            Assert.StartsWith(sandbox.Home + "/", env[name], StringComparison.Ordinal);
            Assert.True(Directory.Exists(env[name]), name);
        }

        Assert.Equal("1", env["GIT_CONFIG_NOSYSTEM"]);
        Assert.Equal("0", env["GIT_TERMINAL_PROMPT"]);
        Assert.DoesNotContain(env.Keys, k => k.Contains("GCE_SELFTEST_LEAK", StringComparison.Ordinal));
        Assert.DoesNotContain(env.Keys, k => k.StartsWith("GIT_", StringComparison.Ordinal) && k is not "GIT_CONFIG_NOSYSTEM" and not "GIT_TERMINAL_PROMPT"
            && !k.StartsWith("GIT_AUTHOR_", StringComparison.Ordinal) && !k.StartsWith("GIT_COMMITTER_", StringComparison.Ordinal));
        Assert.DoesNotContain(env.Keys, k => k is "CI" or "DBUS_SESSION_BUS_ADDRESS" or "SSL_CERT_FILE");
    }

    [OsFact(TestOs.All)]
    public void VariablesTheTestSetsWinAndNullRemoves()
    {
        using var sandbox = new GitSandbox();
        sandbox.Environment["CI"] = "true";
        sandbox.Environment["AZURE_TENANT_ID"] = "tenant";
        sandbox.Environment["GIT_TERMINAL_PROMPT"] = null;

        var env = ParseEnv(sandbox.Run("env", null).EnsureSuccess().StdOut);

        Assert.Equal("true", env["CI"]);
        Assert.Equal("tenant", env["AZURE_TENANT_ID"]);
        Assert.False(env.ContainsKey("GIT_TERMINAL_PROMPT"));
    }

    [OsFact(TestOs.All)]
    public void GitConfigComesOnlyFromTheSandbox()
    {
        using var sandbox = new GitSandbox();
        sandbox.SetConfig("credential.helper", "store");
        sandbox.AddConfig("credential.helper", "cache");

        var origins = sandbox.Git("config", "--list", "--show-origin").EnsureSuccess().StdOutLines;

        Assert.Equal(2, origins.Count);
        Assert.All(origins, line => Assert.StartsWith("file:" + sandbox.Home + "/", line, StringComparison.Ordinal));
        Assert.Equal(["store", "cache"], sandbox.Git("config", "--global", "--get-all", "credential.helper").EnsureSuccess().StdOutLines);
    }

    [OsFact(TestOs.All)]
    public void RealGitReadsStdinAndUsesTheSandboxsCredentialStore()
    {
        using var sandbox = new GitSandbox();
        File.WriteAllText(Path.Combine(sandbox.Home, ".git-credentials"), "https://alice:pa55@example.test\n");
        sandbox.SetConfig("credential.helper", "store");

        var result = sandbox.GitWithInput("protocol=https\nhost=example.test\n\n", "credential", "fill").EnsureSuccess();

        Assert.Contains("username=alice\n", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("password=pa55\n", result.StdOut, StringComparison.Ordinal);
    }

    [OsFact(TestOs.All)]
    public void NoTerminalPromptWhenNoHelperAnswers()
    {
        using var sandbox = new GitSandbox();

        var result = sandbox.GitWithInput("protocol=https\nhost=example.test\n\n", "credential", "fill");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("terminal prompts disabled", result.StdErr, StringComparison.Ordinal);
    }

    [OsFact(TestOs.Linux, "/proc's process states")]
    [SupportedOSPlatform("linux")]
    public void TimeOutKillsTheWholeProcessTreeAndSaysSo()
    {
        using var sandbox = new GitSandbox();
        var pidFile = Path.Combine(sandbox.Root, "child.pid");

        var error = Assert.Throws<ProcessTimeoutException>(() => sandbox.RunAsync(
                "sh", ["-c", $"sleep 300 & echo $! > {pidFile}; echo started; wait"], timeout: TimeSpan.FromSeconds(1))
            .GetAwaiter().GetResult());

        Assert.Contains("did not finish within 1.0 s", error.Message, StringComparison.Ordinal);
        Assert.Contains("started", error.Message, StringComparison.Ordinal);
        var grandchild = File.ReadAllText(pidFile).Trim();
        Assert.False(IsRunning(grandchild), $"grandchild {grandchild} survived the time-out");
    }

    [OsFact(TestOs.All)]
    public void CommitsWorkWithoutGlobalIdentity()
    {
        using var sandbox = new GitSandbox();
        sandbox.Git("init", "-q", "repo").EnsureSuccess();

        sandbox.Git("-C", "repo", "commit", "-q", "--allow-empty", "-m", "first").EnsureSuccess();

        Assert.Equal("Sandbox User", sandbox.Git("-C", "repo", "log", "-1", "--format=%an").EnsureSuccess().StdOut.Trim());
        Assert.Empty(sandbox.Git("config", "--global", "--list").StdOut);
    }

    [OsFact(TestOs.All)]
    public void DisposeRemovesEverything()
    {
        string root;
        using (var sandbox = new GitSandbox())
        {
            root = sandbox.Root;
            sandbox.Git("init", "-q", "repo").EnsureSuccess();
            Assert.True(Directory.Exists(Path.Combine(sandbox.WorkDirectory, "repo", ".git")));
        }

        Assert.False(Directory.Exists(root));
    }

    [OsFact(TestOs.All)]
    public void FindsFilesContainingASecret()
    {
        using var sandbox = new GitSandbox();
        File.WriteAllText(Path.Combine(sandbox.CacheHome, "leak.json"), "{\"token\":\"eyJ-secret-bytes\"}");
        File.WriteAllText(Path.Combine(sandbox.StateHome, "fine.json"), "{}");

        var files = sandbox.FilesContaining("eyJ-secret-bytes");

        Assert.Equal([Path.Combine(sandbox.CacheHome, "leak.json")], files);
    }

    private static bool IsRunning(string pid) =>
        File.Exists($"/proc/{pid}/stat") && !File.ReadAllText($"/proc/{pid}/stat").Split(' ')[2].Equals("Z", StringComparison.Ordinal);

    private static Dictionary<string, string> ParseEnv(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.Contains('=', StringComparison.Ordinal))
            .Select(line => line.Split('=', 2))
            .ToDictionary(parts => parts[0], parts => parts[1], StringComparer.Ordinal);
}
