using GitEntraHelper.Commands.Help;
using GitEntraHelper.Diagnostics;

namespace GitEntraHelper.Commands;

/// <summary>
/// `-h` (short, grouped), `--help` (every command and setting), `help [COMMAND]`, `COMMAND -h`, and the
/// hidden `help --man`, `help --html` and `help --completion SHELL` that build what the packages install. All from
/// <see cref="HelpCatalogue"/> and <see cref="HelpDocument"/>.
/// </summary>
public static class HelpCommand
{
    public static string Usage => HelpCatalogue.Usage;

    /// <summary>The whole manual as text (`--help`).</summary>
    public static string Text() => HelpRenderers.Text();

    /// <summary>True when the arguments ask for help: `-h`, `--help`, `help ...`, or a known command followed by -h/--help.</summary>
    public static bool IsHelpRequest(string[] args) =>
        args is ["-h" or "--help" or "help", ..]
        || (args.Length >= 2 && args[0] is not ("get" or "store" or "erase") && HelpCatalogue.Find(args[0]) is not null
            && args[1..].Any(a => a is "-h" or "--help"));

    /// <summary>`help --man`, `help --html`, `help --completion SHELL`: what installer/help-files.sh writes into packages.</summary>
    public static bool WritesPackageFile(string[] args) => args is ["help", "--man" or "--html" or "--completion", ..];

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        switch (args)
        {
            case ["-h"] or ["help"]:
                output.Write(HelpRenderers.Short());
                return 0;
            case ["--help"]:
                output.Write(HelpRenderers.Text());
                return 0;
            case ["help", "--man"]:
                output.Write(HelpRenderers.Man(VersionCommand.Version));
                return 0;
            case ["help", "--html"]:
                output.Write(HelpRenderers.Html(VersionCommand.Version));
                return 0;
            case ["help", "--completion", var shell]:
                if (Completions.Script(shell) is not { } script)
                {
                    error.WriteLine($"git-credential-entra: no completion for '{Diagnostics.Redactor.Scrub(shell)}': use {string.Join(", ", Completions.Shells)}");
                    return HelperException.UsageExitCode;
                }

                output.Write(script);
                return 0;
            case ["help", var name]:
                return ForCommand(name, output, error);
            case [var name, ..] when name is not ("-h" or "--help" or "help"):
                return ForCommand(name, output, error);
            default:
                error.WriteLine(HelpCatalogue.UsageOf("help"));
                return HelperException.UsageExitCode;
        }
    }

    /// <summary>An unknown command: says so, suggests the nearest, exit 2.</summary>
    public static int Unknown(string typed, TextWriter error)
    {
        string shown = Redactor.Scrub(typed.Length > 40 ? typed[..40] + "..." : typed);
        error.WriteLine($"git-credential-entra: '{shown}' is not a git credential-entra command");
        if (HelpCatalogue.Nearest(typed) is { } nearest)
        {
            error.WriteLine($"hint: did you mean 'git credential-entra {nearest}'?");
        }

        error.WriteLine("hint: 'git credential-entra -h' lists the commands");
        return HelperException.UsageExitCode;
    }

    private static int ForCommand(string name, TextWriter output, TextWriter error)
    {
        if (HelpCatalogue.Find(name) is not { } command)
        {
            return Unknown(name, error);
        }

        output.Write(HelpRenderers.Command(command));
        return 0;
    }
}
