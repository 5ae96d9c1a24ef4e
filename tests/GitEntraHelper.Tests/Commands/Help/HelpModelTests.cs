using GitEntraHelper.Commands;
using GitEntraHelper.Commands.Help;
using GitEntraHelper.Settings;

namespace GitEntraHelper.Tests.Commands.Help;

/// <summary>
/// The one help model behind -h, --help, help CMD, the man page, the HTML page and the completions:
/// every command and every catalogued key appears in each, -h stays short, typos get a suggestion.
/// </summary>
public sealed class HelpModelTests
{
    public static TheoryData<string> Pages() => new() { "text", "man", "html" };

    private static string Page(string kind) => kind switch
    {
        "man" => HelpRenderers.Man("1.2.3"),
        "html" => HelpRenderers.Html("1.2.3"),
        _ => HelpRenderers.Text(),
    };

    // The man page escapes '-' as '\-'; compare what a reader sees.
    private static string Readable(string kind) => kind switch
    {
        "man" => Page(kind).Replace("\\-", "-", StringComparison.Ordinal),
        "html" => System.Net.WebUtility.HtmlDecode(Page(kind)),
        _ => Page(kind),
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public void Every_command_has_its_usage_in_every_page(string kind)
    {
        string page = Readable(kind);
        var missing = HelpCatalogue.Commands.Where(c => !page.Contains(c.Usage["usage: ".Length..], StringComparison.Ordinal)).Select(c => c.Name).ToList();
        Assert.True(missing.Count == 0, $"{kind} page lacks the usage of: {string.Join(", ", missing)}");
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void Every_catalogued_key_and_variable_appears_in_every_page(string kind)
    {
        string page = Readable(kind);
        var names = SettingKeys.All.SelectMany(k => new[] { k.GitConfigKey, k.EnvironmentVariable }).OfType<string>().Distinct().ToList();
        Assert.NotEmpty(names);
        var missing = names.Where(n => !page.Contains(n, StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, $"{kind} page lacks: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Each_key_is_described_once_in_the_manual()
    {
        string text = string.Join(' ', HelpRenderers.Text().Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
        foreach (SettingKey key in SettingKeys.All.Where(k => k.Kind == SettingKind.Setting))
        {
            int first = text.IndexOf(key.Description, StringComparison.Ordinal);
            Assert.True(first >= 0, $"no description of {key.GitConfigKey ?? key.EnvironmentVariable}");
            Assert.True(text.IndexOf(key.Description, first + 1, StringComparison.Ordinal) < 0, $"{key.GitConfigKey ?? key.EnvironmentVariable} is described twice");
        }
    }

    [Fact]
    public void Short_help_is_grouped_short_and_names_every_command()
    {
        string help = HelpRenderers.Short();
        string[] lines = help.TrimEnd().Split('\n');

        Assert.True(lines.Length <= 40, $"-h has {lines.Length} lines");
        Assert.All(lines, line => Assert.True(line.Length <= 100, $"-h line of {line.Length} characters: {line}"));
        Assert.All(HelpCatalogue.Groups, group => Assert.Contains(group + ":", help, StringComparison.Ordinal));
        Assert.All(HelpCatalogue.Commands, command => Assert.Contains($"  {command.Name} ", help, StringComparison.Ordinal));
    }

    [Fact]
    public void Man_page_is_roff_with_a_title_and_no_unescaped_requests()
    {
        string man = HelpRenderers.Man("1.2.3");

        Assert.Contains(".TH GIT-CREDENTIAL-ENTRA 1 \"\" \"git-credential-entra 1.2.3\"", man, StringComparison.Ordinal);
        foreach (string line in man.Split('\n').Where(l => l.Length > 0))
        {
            // A text line starting with '.' or '\'' would be read as a request.
            Assert.True(!line.StartsWith('\'') && (!line.StartsWith('.') || line.Length > 1 && char.IsAsciiLetterUpper(line[1]) || line.StartsWith(".\\\"", StringComparison.Ordinal) || line is ".nf" or ".fi" or ".ad l" or ".nh" or ".br"),
                $"suspicious roff line: {line}");
        }
    }

    [Fact]
    public void Man_page_lines_end_in_a_line_feed_on_every_os()
    {
        // roff is a Unix file: on Windows (the Wine lane, the Windows job) "\r\n" once left a '\r' in every line.
        string man = HelpRenderers.Man("1.2.3");

        Assert.DoesNotContain('\r', man);
        Assert.EndsWith("\n", man, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_escapes_markup()
    {
        string html = HelpRenderers.Html("1.2.3");

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;", html, StringComparison.Ordinal); // usage: <command>... never raw
        Assert.DoesNotContain("<command>", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tokne", "token")]
    [InlineData("statsu", "status")]
    [InlineData("loign", "login")]
    [InlineData("diag", "diagnose")]
    [InlineData("configur", "configure")]
    public void A_typo_suggests_the_nearest_command(string typed, string expected) =>
        Assert.Equal(expected, HelpCatalogue.Nearest(typed));

    [Fact]
    public void Nonsense_suggests_nothing() => Assert.Null(HelpCatalogue.Nearest("xyzzyplugh"));

    [Fact]
    public void Unknown_command_says_so_and_suggests()
    {
        using var error = new StringWriter();

        int code = HelpCommand.Unknown("tokne", error);

        Assert.Equal(2, code);
        string[] lines = error.ToString().TrimEnd().Split(Environment.NewLine);
        Assert.Equal("git-credential-entra: 'tokne' is not a git credential-entra command", lines[0]);
        Assert.Equal("hint: did you mean 'git credential-entra token'?", lines[1]);
    }

    [Theory]
    [InlineData("token", "-h")]
    [InlineData("token", "--help")]
    [InlineData("help", "token")]
    [InlineData("pat", "list", "-h")]
    public void Per_command_help_prints_its_usage(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        Assert.True(HelpCommand.IsHelpRequest(args));
        Assert.Equal(0, HelpCommand.Run(args, output, error));
        Assert.StartsWith(HelpCatalogue.UsageOf(args[0] == "help" ? args[1] : args[0]), output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Git_protocol_commands_are_never_help_requests() =>
        Assert.False(HelpCommand.IsHelpRequest(["get", "-h"]));

    [Theory]
    [InlineData("bash")]
    [InlineData("zsh")]
    [InlineData("powershell")]
    public void Completions_offer_every_command_and_its_options(string shell)
    {
        string script = Completions.Script(shell)!;

        Assert.All(HelpCatalogue.Commands, c => Assert.Contains(c.Name, script, StringComparison.Ordinal));
        Assert.Contains("--format", script, StringComparison.Ordinal);
        Assert.Contains("unbind", script, StringComparison.Ordinal);
    }

    [Fact]
    public void Bash_completion_defines_the_function_git_calls() =>
        Assert.Contains("_git_credential_entra ()", Completions.Script("bash"), StringComparison.Ordinal);

    [Fact]
    public void Every_catalogued_command_is_dispatched()
    {
        // CommandLine routes every command of the catalogue; none falls to "is not a command".
        string source = File.ReadAllText(Path.Combine(RepositoryRoot(), "src", "GitEntraHelper", "Commands", "CommandLine.cs"));
        var missing = HelpCatalogue.Commands.Select(c => c.Name).Where(n => n is not ("help" or "version") && !source.Contains($"\"{n}\"", StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, $"CommandLine.cs does not dispatch: {string.Join(", ", missing)}");
    }

    internal static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "GitEntraHelper.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("cannot find the repository root above " + AppContext.BaseDirectory);
    }
}
