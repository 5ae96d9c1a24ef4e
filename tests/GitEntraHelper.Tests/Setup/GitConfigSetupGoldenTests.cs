using GitEntraHelper.Setup;

namespace GitEntraHelper.Tests.Setup;

/// <summary>
/// Golden tests of the git config files configure and unconfigure leave behind, edited by the real
/// git: exact bytes after configure, unchanged by a second configure, and byte-identical to the
/// original (or absent again) after unconfigure. User and system scope.
/// </summary>
public sealed class GitConfigSetupGoldenTests : IDisposable
{
    private const string Helper = "entra";
    private static readonly GitVersion ModernGit = new(2, 39, 5);
    private readonly GitConfigSandbox _sandbox = new();

    /// <summary>A config a developer plausibly has: a generic helper, GCM's useHttpPath, another host's helper.</summary>
    private static readonly string Existing = Config(
        "[user]",
        "\tname = Ada",
        "[credential]",
        "\thelper = store",
        "[credential \"https://dev.azure.com\"]",
        "\tuseHttpPath = true",
        "[credential \"https://github.com\"]",
        "\thelper = !gh auth git-credential",
        "[core]",
        "\tautocrlf = input");

    [Theory]
    [InlineData(GitConfigScope.Global)]
    [InlineData(GitConfigScope.System)]
    public void Configure_creates_exactly_the_golden_config_and_unconfigure_removes_the_file_again(GitConfigScope scope)
    {
        var setup = new GitConfigSetup(_sandbox.Git, scope);

        var changes = setup.Configure(Plan(), Helper);

        Assert.Equal(Config(
            "[credential \"https://dev.azure.com\"]",
            "\thelper = ",
            "\thelper = entra",
            "\tuseHttpPath = true",
            "[credential \"https://*.visualstudio.com\"]",
            "\thelper = ",
            "\thelper = entra"), _sandbox.Read(scope));
        Assert.Equal(5, changes.Count);
        Assert.All(changes, c => Assert.Equal(ConfigChange.Added, c.Kind));
        Assert.Null(_sandbox.Read(Other(scope)));

        string first = _sandbox.Read(scope)!;
        Assert.Empty(setup.Configure(Plan(), Helper));
        Assert.Equal(first, _sandbox.Read(scope));

        Assert.Equal(5, setup.Unconfigure().Count);
        Assert.Null(_sandbox.Read(scope));
        Assert.Empty(setup.Unconfigure());
    }

    [Theory]
    [InlineData(GitConfigScope.Global)]
    [InlineData(GitConfigScope.System)]
    public void Existing_settings_and_other_hosts_are_kept_and_unconfigure_restores_the_bytes(GitConfigScope scope)
    {
        _sandbox.Write(scope, Existing);
        var setup = new GitConfigSetup(_sandbox.Git, scope);

        setup.Configure(Plan(), Helper);

        // useHttpPath was already true (as GCM writes it): not added again, and so not removed later.
        Assert.Equal(Config(
            "[user]",
            "\tname = Ada",
            "[credential]",
            "\thelper = store",
            "[credential \"https://dev.azure.com\"]",
            "\tuseHttpPath = true",
            "\thelper = ",
            "\thelper = entra",
            "[credential \"https://github.com\"]",
            "\thelper = !gh auth git-credential",
            "[core]",
            "\tautocrlf = input",
            "[credential \"https://*.visualstudio.com\"]",
            "\thelper = ",
            "\thelper = entra"), _sandbox.Read(scope));

        string configured = _sandbox.Read(scope)!;
        Assert.Empty(setup.Configure(Plan(), Helper));
        Assert.Equal(configured, _sandbox.Read(scope));

        var removed = setup.Unconfigure();
        Assert.Equal(4, removed.Count);
        Assert.Equal(Existing, _sandbox.Read(scope));
    }

    [Fact]
    public void A_useHttpPath_false_of_the_user_is_overridden_by_a_later_line_that_unconfigure_takes_back()
    {
        string original = Config("[credential \"https://dev.azure.com\"]", "\tuseHttpPath = false");
        _sandbox.Write(GitConfigScope.Global, original);
        var setup = new GitConfigSetup(_sandbox.Git, GitConfigScope.Global);

        setup.Configure(Plan(), Helper);

        Assert.StartsWith(Config(
            "[credential \"https://dev.azure.com\"]",
            "\tuseHttpPath = false",
            "\thelper = ",
            "\thelper = entra",
            "\tuseHttpPath = true"), _sandbox.Read(GitConfigScope.Global), StringComparison.Ordinal);
        setup.Unconfigure();
        Assert.Equal(original, _sandbox.Read(GitConfigScope.Global));
    }

    [Fact]
    public void Organizations_and_extra_urls_get_their_own_sections()
    {
        var setup = new GitConfigSetup(_sandbox.Git, GitConfigScope.Global);
        var plan = SetupTarget.Plan(["contoso", "fabrikam"], ["https://127.0.0.1:8443"], ModernGit, new List<string>());

        setup.Configure(plan, Helper);

        Assert.Equal(Config(
            "[credential \"https://dev.azure.com/contoso\"]",
            "\thelper = ",
            "\thelper = entra",
            "\tuseHttpPath = true",
            "[credential \"https://contoso.visualstudio.com\"]",
            "\thelper = ",
            "\thelper = entra",
            "[credential \"https://dev.azure.com/fabrikam\"]",
            "\thelper = ",
            "\thelper = entra",
            "\tuseHttpPath = true",
            "[credential \"https://fabrikam.visualstudio.com\"]",
            "\thelper = ",
            "\thelper = entra",
            "[credential \"https://127.0.0.1:8443\"]",
            "\thelper = ",
            "\thelper = entra",
            "\tuseHttpPath = true",
            "\tprovider = azure-devops"), _sandbox.Read(GitConfigScope.Global));

        // unconfigure needs no options: it finds every section configure wrote.
        Assert.Equal(14, setup.Unconfigure().Count);
        Assert.Null(_sandbox.Read(GitConfigScope.Global));
    }

    [Fact]
    public void A_moved_install_updates_the_helper_line_in_place()
    {
        _sandbox.Write(GitConfigScope.Global, Existing);
        var setup = new GitConfigSetup(_sandbox.Git, GitConfigScope.Global);
        setup.Configure(Plan(), "/opt/old/git-credential-entra");

        var changes = setup.Configure(Plan(), Helper);

        Assert.Equal(2, changes.Count);
        Assert.All(changes, c => Assert.Equal(ConfigChange.Updated, c.Kind));
        Assert.DoesNotContain("/opt/old", _sandbox.Read(GitConfigScope.Global), StringComparison.Ordinal);
        setup.Unconfigure();
        Assert.Equal(Existing, _sandbox.Read(GitConfigScope.Global));
    }

    [Fact]
    public void Lines_the_user_wrote_are_never_removed()
    {
        // The user's own reset line plus ours: two identical empty lines, so neither is ours to guess.
        string original = Config("[credential \"https://dev.azure.com\"]", "\thelper = ", "\thelper = manager");
        _sandbox.Write(GitConfigScope.Global, original);
        var setup = new GitConfigSetup(_sandbox.Git, GitConfigScope.Global);
        setup.Configure(Plan(), Helper);

        var changes = setup.Unconfigure();

        Assert.Contains(changes, c => c.Kind == ConfigChange.Kept && c.Value.Length == 0);
        Assert.Contains(changes, c => c.Kind == ConfigChange.Removed && c.Value == Helper);
        Assert.Contains("helper = manager", _sandbox.Read(GitConfigScope.Global), StringComparison.Ordinal);
    }

    [Fact]
    public void Configure_and_unconfigure_of_one_scope_leave_the_other_alone()
    {
        _sandbox.Write(GitConfigScope.Global, Existing);
        var system = new GitConfigSetup(_sandbox.Git, GitConfigScope.System);

        system.Configure(Plan(), Helper);
        system.Unconfigure();
        new GitConfigSetup(_sandbox.Git, GitConfigScope.Global).Unconfigure();

        Assert.Equal(Existing, _sandbox.Read(GitConfigScope.Global));
        Assert.Null(_sandbox.Read(GitConfigScope.System));
    }

    [Fact]
    public void Git_really_asks_our_helper_first_for_azure_devops_and_the_generic_one_elsewhere()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // the stand-in helper below is a POSIX shell script
        }

        string helper = Path.Combine(_sandbox.Root, "bin", "git-credential-entra");
        Directory.CreateDirectory(Path.GetDirectoryName(helper)!);
        File.WriteAllText(helper, "#!/bin/sh\ncat >/dev/null\necho username=entra\necho password=from-entra\n");
        File.SetUnixFileMode(helper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        _sandbox.Write(GitConfigScope.System, Config("[credential]", "\thelper = \"!f() { cat >/dev/null; echo username=u; echo password=generic; }; f\""));
        var global = new GitConfigSetup(_sandbox.Git, GitConfigScope.Global);
        global.Configure(Plan(), helper);

        Assert.Equal("from-entra", PasswordFor("https://dev.azure.com/contoso/demo/_git/demo"));
        Assert.Equal("from-entra", PasswordFor("https://contoso.visualstudio.com/demo/_git/demo"));
        Assert.Equal("generic", PasswordFor("https://github.com/contoso/demo"));

        global.Unconfigure();
        Assert.Equal("generic", PasswordFor("https://dev.azure.com/contoso/demo/_git/demo"));
    }

    public void Dispose() => _sandbox.Dispose();

    private static IReadOnlyList<SetupTarget> Plan() => SetupTarget.Plan([], [], ModernGit, new List<string>());

    private static GitConfigScope Other(GitConfigScope scope) =>
        scope == GitConfigScope.Global ? GitConfigScope.System : GitConfigScope.Global;

    private static string Config(params string[] lines) => string.Join("\n", lines) + "\n";

    private string PasswordFor(string url)
    {
        var environment = new Dictionary<string, string?>(_sandbox.Environment) { ["GIT_TERMINAL_PROMPT"] = "0" };
        string input = $"url={url}\n\n";
        var start = new System.Diagnostics.ProcessStartInfo("git", ["credential", "fill"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        process.StandardInput.Write(input);
        process.StandardInput.Close();
        string output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(30_000), "git credential fill did not finish");
        foreach (string line in output.Split('\n'))
        {
            if (line.StartsWith("password=", StringComparison.Ordinal))
            {
                return line["password=".Length..];
            }
        }

        return $"(no password; exit {process.ExitCode}: {process.StandardError.ReadToEnd()})";
    }
}
