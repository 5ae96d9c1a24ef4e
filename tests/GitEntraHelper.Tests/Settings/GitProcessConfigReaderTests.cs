using GitEntraHelper.Diagnostics;
using GitEntraHelper.Platform;
using GitEntraHelper.Settings.GitConfig;

namespace GitEntraHelper.Tests.Settings;

/// <summary>Runs the real git with an isolated global config, so URL matching is git's own.</summary>
public sealed class GitProcessConfigReaderTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("gce-config-").FullName;

    [Fact]
    public void Url_specific_beats_general_and_other_urls_do_not_apply()
    {
        File.WriteAllText(Path.Combine(_home, "gitconfig"), """
            [credential]
                entraTenantId = general
            [credential "https://dev.azure.com/contoso"]
                entraTenantId = specific
            [credential "https://127.0.0.1:8443"]
                provider = azure-devops
            """);

        var contoso = Read("https://dev.azure.com/contoso/demo/_git/demo");
        var other = Read("https://dev.azure.com/fabrikam/demo/_git/demo");
        var emulator = Read("https://127.0.0.1:8443/contoso/demo/_git/demo");
        var otherPort = Read("https://127.0.0.1:9443/contoso/demo/_git/demo");

        Assert.Equal("specific", contoso["credential.entratenantid"]);
        Assert.Equal("general", other["credential.entratenantid"]);
        Assert.Equal("azure-devops", emulator["credential.provider"]);
        Assert.False(otherPort.ContainsKey("credential.provider"));
    }

    [Fact]
    public void No_keys_is_an_empty_result_not_an_error()
    {
        File.WriteAllText(Path.Combine(_home, "gitconfig"), "");

        Assert.Empty(Read("https://github.com/x/y"));
    }

    private IReadOnlyDictionary<string, string> Read(string url) =>
        new GitProcessConfigReader(HelperTrace.Disabled, new CommandRunner(ProcessEnvironmentVariables.Instance), environmentOverrides: new Dictionary<string, string>
        {
            ["GIT_CONFIG_GLOBAL"] = Path.Combine(_home, "gitconfig"),
            ["GIT_CONFIG_NOSYSTEM"] = "1",
        }).ReadCredentialSection(url);

    public void Dispose() => Directory.Delete(_home, recursive: true);
}
