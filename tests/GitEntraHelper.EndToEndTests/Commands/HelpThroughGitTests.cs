using GitEntraHelper.EndToEndTests.Infrastructure;

namespace GitEntraHelper.EndToEndTests.Commands;

/// <summary>
/// git turns `git credential-entra --help` into `git help credential-entra`, which runs man: with the
/// page the packages install (`help --man`), the real git shows every command.
/// </summary>
public sealed class HelpThroughGitTests
{
    [OsTheory(TestOs.Linux, "man-db reads MANPATH; git for Windows opens HTML")]
    [InlineData(GitKind.System)]
    [InlineData(GitKind.New)]
    public void Git_help_opens_the_generated_man_page_naming_every_command(GitKind git)
    {
        Assert.True(File.Exists("/usr/bin/man"), "man is not installed (eng/install-test-deps.sh installs man-db)");
        using var sandbox = new GitSandbox(git);
        sandbox.UseHelper();
        string man1 = Path.Combine(sandbox.Root, "man", "man1");
        Directory.CreateDirectory(man1);
        File.WriteAllText(Path.Combine(man1, "git-credential-entra.1"), sandbox.Helper(null, "help", "--man").EnsureSuccess().StdOut);
        sandbox.Environment["MANPATH"] = Path.Combine(sandbox.Root, "man");
        sandbox.Environment["MANPAGER"] = "cat";
        sandbox.Environment["MANWIDTH"] = "100";

        var page = sandbox.Git("credential-entra", "--help").EnsureSuccess();
        var commands = sandbox.Git("credential-entra", "-h").EnsureSuccess().StdOutLines
            .Where(l => l.StartsWith("  ", StringComparison.Ordinal)).Select(l => l.Trim().Split(' ')[0]).ToList();

        Assert.Contains("GIT-CREDENTIAL-ENTRA(1)", page.StdOut, StringComparison.Ordinal);
        Assert.True(commands.Count >= 15, $"-h listed {commands.Count} commands");
        Assert.All(commands, c => Assert.Contains($"git credential-entra {c}", page.StdOut, StringComparison.Ordinal));
    }

    [OsFact(TestOs.All)]
    public void An_unknown_command_without_a_near_one_says_so_and_points_to_the_list()
    {
        using var sandbox = new GitSandbox();

        var result = sandbox.Helper(null, "bogus");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.StdOut);
        Assert.Equal(
            ["git-credential-entra: 'bogus' is not a git credential-entra command", "hint: 'git credential-entra -h' lists the commands"],
            result.StdErr.TrimEnd('\n').Split('\n'));
    }

    [OsFact(TestOs.All)]
    public void An_unknown_command_says_so_and_suggests_the_nearest()
    {
        using var sandbox = new GitSandbox();

        var result = sandbox.Helper(null, "stauts");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            ["git-credential-entra: 'stauts' is not a git credential-entra command", "hint: did you mean 'git credential-entra status'?", "hint: 'git credential-entra -h' lists the commands"],
            result.StdErr.TrimEnd('\n').Split('\n'));
    }
}
