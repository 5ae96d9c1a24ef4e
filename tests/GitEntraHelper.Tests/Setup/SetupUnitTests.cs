using GitEntraHelper.Commands;
using GitEntraHelper.Setup;

namespace GitEntraHelper.Tests.Setup;

public sealed class SetupUnitTests
{
    [Theory]
    [InlineData("git version 2.39.5\n", 2, 39, 5)]
    [InlineData("git version 2.45.1.windows.1", 2, 45, 1)]
    [InlineData("git version 2.39.3 (Apple Git-146)", 2, 39, 3)]
    [InlineData("git version 2.25", 2, 25, 0)]
    public void Git_versions_parse(string output, int major, int minor, int patch) =>
        Assert.Equal(new GitVersion(major, minor, patch), GitVersion.Parse(output));

    [Fact]
    public void Url_patterns_need_git_2_26()
    {
        Assert.False(new GitVersion(2, 25, 9).SupportsUrlPatterns);
        Assert.True(new GitVersion(2, 26, 0).SupportsUrlPatterns);
        Assert.True(new GitVersion(3, 0, 0).SupportsUrlPatterns);
        Assert.Null(GitVersion.Parse("not git"));
    }

    [Fact]
    public void Old_git_gets_host_level_and_per_organization_urls_with_a_note()
    {
        var notes = new List<string>();
        var old = new GitVersion(2, 25, 1);

        var all = SetupTarget.Plan([], [], old, notes);
        var orgs = SetupTarget.Plan(["contoso"], [], old, notes);

        Assert.Equal(["https://dev.azure.com"], all.Select(t => t.Url));
        Assert.Equal(["https://dev.azure.com", "https://contoso.visualstudio.com"], orgs.Select(t => t.Url));
        Assert.Equal(2, notes.Count);
        Assert.Contains("2.26", notes[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("entra", true)]
    [InlineData("/usr/lib/git-credential-entra/git-credential-entra", true)]
    [InlineData("C:/Program Files/git-credential-entra/git-credential-entra.exe", true)]
    [InlineData("!'C:/Program Files/git-credential-entra/git-credential-entra.exe'", true)]
    [InlineData("!'/home/o'\\''brien/.local/bin/git-credential-entra'", true)]
    [InlineData("manager", false)]
    [InlineData("store", false)]
    [InlineData("", false)]
    [InlineData("git-credential-entra", false)]
    [InlineData("/usr/bin/git-credential-entra-old", false)]
    [InlineData("!/usr/bin/evil git-credential-entra", false)]
    public void Our_helper_values_are_recognised(string value, bool ours) => Assert.Equal(ours, HelperValue.IsOurs(value));

    [Fact]
    public void Absolute_paths_with_spaces_become_a_quoted_shell_command_git_understands()
    {
        Assert.Equal("/usr/lib/git-credential-entra/git-credential-entra",
            HelperValue.AbsoluteForm("/usr/lib/git-credential-entra/git-credential-entra", windows: false));
        Assert.Equal("!'C:/Program Files/git-credential-entra/git-credential-entra.exe'",
            HelperValue.AbsoluteForm(@"C:\Program Files\git-credential-entra\git-credential-entra.exe", windows: true));
        Assert.Equal("!'/home/o'\\''brien/git-credential-entra'", HelperValue.AbsoluteForm("/home/o'brien/git-credential-entra", windows: false));
    }

    [Fact]
    public void The_short_form_is_written_only_when_path_finds_this_very_executable()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // symlinks need privileges there; the logic is the same
        }

        string root = Directory.CreateTempSubdirectory("gce-helpervalue-").FullName;
        try
        {
            string lib = Directory.CreateDirectory(Path.Combine(root, "lib")).FullName;
            string bin = Directory.CreateDirectory(Path.Combine(root, "bin")).FullName;
            string other = Directory.CreateDirectory(Path.Combine(root, "other")).FullName;
            string self = Path.Combine(lib, "git-credential-entra");
            File.WriteAllText(self, "");
            File.CreateSymbolicLink(Path.Combine(bin, "git-credential-entra"), self);
            File.WriteAllText(Path.Combine(other, "git-credential-entra"), "");

            Assert.Equal("entra", HelperValue.For(self, $"/nonexistent:{bin}:{other}", windows: false));
            Assert.Equal(self, HelperValue.For(self, $"{other}:{bin}", windows: false));
            Assert.Equal(self, HelperValue.For(self, null, windows: false));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Theory]
    [InlineData("contoso", true)]
    [InlineData("my-org-2", true)]
    [InlineData("-bad", false)]
    [InlineData("bad-", false)]
    [InlineData("has space", false)]
    [InlineData("dots.are.not", false)]
    [InlineData("", false)]
    public void Organization_names_are_validated(string name, bool valid) => Assert.Equal(valid, SetupTarget.IsValidOrganization(name));

    [Theory]
    [InlineData("https://127.0.0.1:8443/", "https://127.0.0.1:8443")]
    [InlineData("https://Example.COM/tfs/", "https://example.com/tfs")]
    [InlineData("http://example.com", null)]
    [InlineData("https://user@example.com", null)]
    [InlineData("https://example.com/?q=1", null)]
    [InlineData("example.com", null)]
    public void Extra_urls_are_normalised_or_refused(string value, string? expected) =>
        Assert.Equal(expected, SetupTarget.NormalizeUrl(value));

    [Fact]
    public void Config_list_output_parses_with_urls_value_less_keys_and_origins()
    {
        string output = "file:/h/.gitconfig\0user.name\nAda\0file:/h/.gitconfig\0credential.https://dev.azure.com.helper\n\0" +
            "file:/h/.gitconfig\0credential.https://*.visualstudio.com.usehttppath\0";

        var entries = ConfigEntry.ParseList(output);

        Assert.Equal(3, entries.Count);
        Assert.Equal(new ConfigEntry("/h/.gitconfig", "user", null, "name", "Ada"), entries[0]);
        Assert.Equal(new ConfigEntry("/h/.gitconfig", "credential", "https://dev.azure.com", "helper", ""), entries[1]);
        Assert.True(entries[2].Is("https://*.visualstudio.com", "useHttpPath"));
        Assert.Equal("true", entries[2].Value);
    }

    [Theory]
    [InlineData("", "^$")]
    [InlineData("entra", "^entra$")]
    [InlineData("!'C:/a b/x.exe'", @"^!'C:/a b/x\.exe'$")]
    [InlineData("a*b(c)", @"^a\*b\(c\)$")]
    public void Value_patterns_match_exactly_one_literal_value(string value, string pattern) =>
        Assert.Equal(pattern, GitConfigSetup.ExactValuePattern(value));

    [Theory]
    [InlineData("--bogus")]
    [InlineData("--org")]
    [InlineData("--org", "not valid")]
    [InlineData("--url", "http://insecure.example")]
    [InlineData("--system=yes")]
    public void Bad_configure_arguments_are_one_clear_line_and_exit_2(params string[] args)
    {
        var (exit, output, error) = RunCommand(h => ConfigureCommand.Run(args, h));

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.StartsWith("git-credential-entra: ", error, StringComparison.Ordinal);
        Assert.Contains("usage: git credential-entra configure", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Configure_then_unconfigure_through_the_commands_print_every_change()
    {
        using var sandbox = new GitConfigSandbox();
        string self = Path.Combine(sandbox.Root, "git-credential-entra");
        string written = HelperValue.AbsoluteForm(self, OperatingSystem.IsWindows()); // forward slashes on Windows

        var (exit, output, error) = RunCommand(h => ConfigureCommand.Run(["--org", "contoso"], h), sandbox, self);
        Assert.Equal(0, exit);
        Assert.Equal("", error);
        Assert.Contains("configured the global git config for Azure DevOps:", output, StringComparison.Ordinal);
        Assert.Contains($"+ credential.https://dev.azure.com/contoso.helper = {written}", output, StringComparison.Ordinal);

        (exit, output, _) = RunCommand(h => ConfigureCommand.Run(["--org=contoso"], h), sandbox, self);
        Assert.Equal(0, exit);
        Assert.Contains("already configured", output, StringComparison.Ordinal);

        (exit, output, _) = RunCommand(h => UnconfigureCommand.Run([], h), sandbox, self);
        Assert.Equal(0, exit);
        Assert.Contains($"- credential.https://contoso.visualstudio.com.helper = {written}", output, StringComparison.Ordinal);
        Assert.Null(sandbox.Read(GitConfigScope.Global));

        (exit, _, error) = RunCommand(h => UnconfigureCommand.Run(["--global"], h), sandbox, self);
        Assert.Equal(2, exit);
        Assert.Contains("unknown option '--global'", error, StringComparison.Ordinal);
    }

    private static (int Exit, string Output, string Error) RunCommand(
        Func<SetupHost, int> command, GitConfigSandbox? sandbox = null, string executable = "/nonexistent/git-credential-entra")
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var host = new SetupHost
        {
            Output = output,
            Error = error,
            Git = sandbox?.Git ?? new GitProcess("git-not-needed-for-this-test"),
            ExecutablePath = executable,
            PathVariable = "",
        };
        int exit = command(host);
        return (exit, output.ToString(), error.ToString());
    }
}

public sealed class HelperExecutableTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gce-exe-").FullName;

    [Fact]
    public void The_engine_configures_git_to_start_the_front_beside_it()
    {
        string engine = Path.Combine(_dir, "git-credential-entra-engine");
        File.WriteAllText(engine, "");
        Assert.Equal(engine, GitEntraHelper.Platform.HelperExecutable.ForGit(engine)); // no front: itself

        File.WriteAllText(Path.Combine(_dir, "git-credential-entra"), "");
        Assert.Equal(Path.Combine(_dir, "git-credential-entra"), GitEntraHelper.Platform.HelperExecutable.ForGit(engine));
        Assert.Equal("/usr/bin/git-credential-entra", GitEntraHelper.Platform.HelperExecutable.ForGit("/usr/bin/git-credential-entra"));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
