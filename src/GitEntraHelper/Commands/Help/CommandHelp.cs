namespace GitEntraHelper.Commands.Help;

/// <summary>
/// What a person is told about one command: its group in the short help, the argument synopsis its
/// usage line and the man page show, one line for `-h`, and the paragraphs `help CMD` and the man page add.
/// </summary>
/// <param name="Name">The word after `git credential-entra`.</param>
/// <param name="Group">The heading it is listed under in `-h`, `--help` and the man page.</param>
/// <param name="Synopsis">Its arguments, as in the usage line (empty when it takes none).</param>
/// <param name="Summary">One line for `-h`.</param>
/// <param name="Details">Paragraphs for `help CMD`, `--help` and the man page; each is one sentence or a few.</param>
public sealed record CommandHelp(string Name, string Group, string Synopsis, string Summary, IReadOnlyList<string> Details)
{
    /// <summary>The one usage prefix every usage error and help page prints.</summary>
    public const string UsagePrefix = "usage: git credential-entra";

    /// <summary>`usage: git credential-entra NAME SYNOPSIS`.</summary>
    public string Usage => Synopsis.Length == 0 ? $"{UsagePrefix} {Name}" : $"{UsagePrefix} {Name} {Synopsis}";
}
