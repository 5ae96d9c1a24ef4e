using GitEntraHelper.Diagnostics;
using GitEntraHelper.Platform;
using GitEntraHelper.Settings;
using GitEntraHelper.Settings.GitConfig;
using NSubstitute;

namespace GitEntraHelper.Tests.Settings;

/// <summary>
/// Protected keys never come from the repository's own config; IT policy comes from the system file git was
/// built with, whatever the caller's environment says.
/// </summary>
public sealed class ProtectedConfigurationTests
{
    private static readonly Dictionary<string, string> All = new(StringComparer.OrdinalIgnoreCase)
    {
        ["credential.provider"] = "azure-devops",          // from the repository's .git/config
        ["credential.entracacheprotection"] = "plaintext", // likewise
        ["credential.msauthflow"] = "devicecode",          // not protected: a repository may choose it
    };

    private static readonly Dictionary<string, string> Protected = new(StringComparer.OrdinalIgnoreCase)
    {
        ["credential.msauthflow"] = "system",
    };

    [Fact]
    public void A_protected_key_the_repository_mentions_comes_from_the_protected_scopes_only()
    {
        var settings = new HelperSettings(new DictionaryEnvironmentVariables(), View, repositoryMayMention: _ => true);

        Assert.Null(settings.DeclaredProvider);
        Assert.Equal("os", settings.GetString(SettingKeys.CacheProtection));
        Assert.Equal("devicecode", settings.GetString(SettingKeys.MsAuthFlow));
        Assert.True(settings.RepositoryOverrideIgnored(SettingKeys.Provider));
        Assert.False(settings.RepositoryOverrideIgnored(SettingKeys.MsAuthFlow));
    }

    [Fact]
    public void When_the_repository_config_cannot_set_a_key_the_one_git_run_is_enough()
    {
        var views = new List<ConfigView>();
        var settings = new HelperSettings(new DictionaryEnvironmentVariables(), v => { views.Add(v); return View(v); }, repositoryMayMention: _ => false);

        Assert.Equal("azure-devops", settings.DeclaredProvider);
        Assert.Equal([ConfigView.All], views);
    }

    [Fact]
    public void The_environment_still_wins_for_a_protected_key()
    {
        var settings = new HelperSettings(new DictionaryEnvironmentVariables { [Variables.CacheProtection] = "plaintext" }, View, _ => true);

        Assert.Equal("plaintext", settings.GetString(SettingKeys.CacheProtection));
    }

    [Fact]
    public void The_views_are_git_runs_that_leave_out_the_repository_and_then_everything_but_the_system_file()
    {
        var runner = Substitute.For<ICommandRunner>();
        var seen = new List<CommandSpec>();
        runner.RunAsync(Arg.Do<CommandSpec>(seen.Add), Arg.Any<CancellationToken>()).Returns(new CommandResult(1, "", "", false));
        var reader = new GitProcessConfigReader(HelperTrace.Disabled, runner);

        reader.ReadCredentialSection("https://dev.azure.com/contoso", ConfigView.All);
        reader.ReadCredentialSection("https://dev.azure.com/contoso", ConfigView.Protected);
        reader.ReadCredentialSection("https://dev.azure.com/contoso", ConfigView.System);

        Assert.DoesNotContain(Variables.GitDir, seen[0].EnvironmentChanges!.Keys);
        Assert.Null(seen[0].EnvironmentChanges![Variables.GitConfig]);
        string noRepository = OperatingSystem.IsWindows() ? "NUL" : "/dev/null";
        Assert.Equal(noRepository, seen[1].EnvironmentChanges![Variables.GitDir]);
        Assert.DoesNotContain("--system", seen[1].Arguments);
        Assert.Contains("--system", seen[2].Arguments);
        Assert.Equal(noRepository, seen[2].EnvironmentChanges![Variables.GitDir]);
        foreach (string dropped in (string[])[Variables.GitConfigSystem, Variables.GitConfigNoSystem, Variables.GitConfigParameters, Variables.GitConfigCount])
        {
            Assert.True(seen[2].EnvironmentChanges!.TryGetValue(dropped, out string? value) && value is null, dropped);
        }
    }

    [Fact]
    public void Real_git_protected_view_leaves_out_the_repository_config()
    {
        string root = Directory.CreateTempSubdirectory("gce-protected-").FullName;
        try
        {
            string repository = Path.Combine(root, "repo");
            Directory.CreateDirectory(repository);
            var runner = new CommandRunner(ProcessEnvironmentVariables.Instance);
            var git = new GitEntraHelper.Setup.GitProcess("git", new Dictionary<string, string?> { ["GIT_CONFIG_GLOBAL"] = Path.Combine(root, "global") });
            git.Run("init", "-q", repository);
            git.Run("-C", repository, "config", "credential.provider", "azure-devops");
            File.WriteAllText(Path.Combine(root, "global"), "[credential]\n\tmsauthFlow = system\n");

            // The reader runs git in this process's working directory: use the repository's through GIT_DIR.
            var overrides = new Dictionary<string, string> { ["GIT_CONFIG_GLOBAL"] = Path.Combine(root, "global"), ["GIT_CONFIG_NOSYSTEM"] = "1" };
            var inRepository = new GitProcessConfigReader(HelperTrace.Disabled, runner, environmentOverrides: new Dictionary<string, string>(overrides) { ["GIT_DIR"] = Path.Combine(repository, ".git") });
            Assert.Equal("azure-devops", inRepository.ReadCredentialSection("https://x.example/a", ConfigView.All)["credential.provider"]);

            var protectedView = new GitProcessConfigReader(HelperTrace.Disabled, runner, environmentOverrides: overrides).ReadCredentialSection("https://x.example/a", ConfigView.Protected);
            Assert.False(protectedView.ContainsKey("credential.provider"));
            Assert.Equal("system", protectedView["credential.msauthflow"]);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static IReadOnlyDictionary<string, string> View(ConfigView view) => view == ConfigView.All ? All : Protected;
}
