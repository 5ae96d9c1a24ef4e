using GitEntraHelper.EndToEndTests.Infrastructure;

namespace GitEntraHelper.EndToEndTests.Deployment;

/// <summary>
/// configure / unconfigure of the published native binary, editing a sandbox's real git config
/// files through the real git: user scope (HOME/.gitconfig) and system scope (GIT_CONFIG_SYSTEM
/// pointed at a file in the sandbox). Nothing here talks to a network.
/// </summary>
public sealed class ConfigureCommandTests : IDisposable
{
    private const string Original = "[user]\n\tname = Ada\n[credential]\n\thelper = store\n[credential \"https://github.com\"]\n\thelper = !gh auth git-credential\n";
    private readonly GitSandbox _sandbox = new();

    private string GlobalFile => Path.Combine(_sandbox.Home, ".gitconfig");

    private string SystemFile => Path.Combine(_sandbox.Root, "system.gitconfig");

    [OsFact(TestOs.All)]
    public void User_scope_round_trip_with_the_binary_not_on_path_writes_its_absolute_path()
    {
        File.WriteAllText(GlobalFile, Original);

        var configure = _sandbox.Helper(null, "configure").EnsureSuccess();

        string expectedHelper = PublishedHelper.Path;
        Assert.Contains($"+ credential.https://dev.azure.com.helper = {expectedHelper}", configure.StdOut, StringComparison.Ordinal);
        Assert.Equal(
            Original + "[credential \"https://dev.azure.com\"]\n\thelper = \n\thelper = " + expectedHelper + "\n\tuseHttpPath = true\n" +
            "[credential \"https://*.visualstudio.com\"]\n\thelper = \n\thelper = " + expectedHelper + "\n",
            File.ReadAllText(GlobalFile));
        Assert.Equal("", configure.StdErr);

        string configured = File.ReadAllText(GlobalFile);
        Assert.Contains("already configured", _sandbox.Helper(null, "configure").EnsureSuccess().StdOut, StringComparison.Ordinal);
        Assert.Equal(configured, File.ReadAllText(GlobalFile));

        // git's own URL matching now picks this helper for Azure DevOps, and still the user's for other hosts.
        Assert.Equal(expectedHelper, _sandbox.Git("config", "--get-urlmatch", "credential.helper", "https://dev.azure.com/contoso/demo/_git/demo").StdOut.Trim());
        Assert.Equal(expectedHelper, _sandbox.Git("config", "--get-urlmatch", "credential.helper", "https://contoso.visualstudio.com/demo/_git/demo").StdOut.Trim());
        Assert.Equal("!gh auth git-credential", _sandbox.Git("config", "--get-urlmatch", "credential.helper", "https://github.com/x/y").StdOut.Trim());
        Assert.Equal("store", _sandbox.Git("config", "--get-urlmatch", "credential.helper", "https://example.com/x").StdOut.Trim());

        var unconfigure = _sandbox.Helper(null, "unconfigure").EnsureSuccess();
        Assert.Contains("removed git-credential-entra from the global git config", unconfigure.StdOut, StringComparison.Ordinal);
        Assert.Equal(Original, File.ReadAllText(GlobalFile));
    }

    [OsFact(TestOs.All)]
    public void System_scope_round_trip_with_the_binary_on_path_writes_the_short_form()
    {
        File.WriteAllText(SystemFile, Original);
        _sandbox.Environment["GIT_CONFIG_NOSYSTEM"] = null;
        _sandbox.Environment["GIT_CONFIG_SYSTEM"] = SystemFile;
        _sandbox.Environment["PATH"] = PublishedHelper.Directory + Path.PathSeparator + (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin");

        _sandbox.Helper(null, "configure", "--system", "--org", "contoso").EnsureSuccess();

        Assert.Equal(
            Original + "[credential \"https://dev.azure.com/contoso\"]\n\thelper = \n\thelper = entra\n\tuseHttpPath = true\n" +
            "[credential \"https://contoso.visualstudio.com\"]\n\thelper = \n\thelper = entra\n",
            File.ReadAllText(SystemFile));
        Assert.False(File.Exists(GlobalFile));

        _sandbox.Helper(null, "configure", "--system", "--org", "contoso").EnsureSuccess();
        _sandbox.Helper(null, "unconfigure", "--system").EnsureSuccess();
        Assert.Equal(Original, File.ReadAllText(SystemFile));
    }

    [OsFact(TestOs.All)]
    public void A_system_config_that_cannot_be_written_is_one_clear_line()
    {
        string readOnly = Path.Combine(_sandbox.Root, "readonly");
        Directory.CreateDirectory(readOnly);
        _sandbox.Environment["GIT_CONFIG_NOSYSTEM"] = null;
        _sandbox.Environment["GIT_CONFIG_SYSTEM"] = Path.Combine(readOnly, "missing-dir", "gitconfig");

        var result = _sandbox.Helper(null, "configure", "--system");

        Assert.Equal(1, result.ExitCode);
        string line = Assert.Single(result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("git-credential-entra: git config --system failed:", line, StringComparison.Ordinal);
    }

    [OsTheory(TestOs.All)]
    [InlineData("configure", "--nope")]
    [InlineData("configure", "--org", "a b")]
    [InlineData("unconfigure", "--org", "contoso")]
    public void Bad_arguments_exit_2_with_a_usage_line_and_change_nothing(params string[] args)
    {
        var result = _sandbox.Helper(null, args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("usage: git credential-entra", result.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(GlobalFile));
    }

    public void Dispose() => _sandbox.Dispose();
}
