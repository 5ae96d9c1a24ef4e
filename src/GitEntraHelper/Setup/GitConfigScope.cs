namespace GitEntraHelper.Setup;

/// <summary>Which git config file configure/unconfigure edit.</summary>
public enum GitConfigScope
{
    /// <summary>The user's global config (<c>git config --global</c>: ~/.gitconfig or the XDG file).</summary>
    Global,

    /// <summary>The machine's system config (<c>git config --system</c>), for every user; needs administrator rights.</summary>
    System,
}

internal static class GitConfigScopeExtensions
{
    public static string Flag(this GitConfigScope scope) => scope == GitConfigScope.System ? "--system" : "--global";

    public static string Describe(this GitConfigScope scope) => scope == GitConfigScope.System ? "system" : "global";
}
