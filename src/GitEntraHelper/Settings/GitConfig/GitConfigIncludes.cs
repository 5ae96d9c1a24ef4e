namespace GitEntraHelper.Settings.GitConfig;

/// <summary>
/// Lists the files a git config file's <c>[include]</c> and <c>[includeIf "…"]</c> sections name, every
/// condition taken as true (a superset of what git reads is safe for a fingerprint). Only the plain
/// forms are understood — <c>path = ~/x</c>, <c>path = "x"</c>, relative or absolute (on Windows with a
/// drive); anything else in such a section's path (escapes, continuation lines, comments after the
/// value, <c>~user</c>, <c>%(prefix)</c>, a NUL) returns null so the caller gives up rather than guess. It also says which
/// conditions appear, for what else they read: <c>onbranch:</c> the repository's HEAD, <c>gitdir:</c>
/// and <c>gitdir/i:</c> the git directory's real path (<c>hasconfig:</c> reads only config).
/// </summary>
public static class GitConfigIncludes
{
    public static List<string>? Paths(string content, string directory, string? home) => Paths(content, directory, home, out _);

    public static List<string>? Paths(string content, string directory, string? home, out IncludeConditions conditions) =>
        Paths(content, directory, home, out conditions, GitPathSyntax.Current);

    internal static List<string>? Paths(string content, string directory, string? home, out IncludeConditions conditions, GitPathSyntax syntax)
    {
        var paths = new List<string>();
        conditions = IncludeConditions.None;
        bool inInclude = false;
        foreach (string rawLine in content.Split('\n'))
        {
            string line = rawLine.Trim();
            if (line.StartsWith('['))
            {
                int end = line.IndexOf(']');
                if (end < 0)
                {
                    return null;
                }

                string header = line[1..end].TrimStart();
                int nameEnd = header.IndexOfAny([' ', '\t', '"', '.']);
                string section = (nameEnd < 0 ? header : header[..nameEnd]).ToLowerInvariant();
                inInclude = section is "include" or "includeif";
                if (section == "includeif")
                {
                    conditions |= ConditionOf(header[(nameEnd < 0 ? header.Length : nameEnd)..]);
                }

                line = line[(end + 1)..].Trim(); // git allows "[include] path = x" on one line
            }

            if (!inInclude || line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }

            int equals = line.IndexOf('=');
            string key = (equals < 0 ? line : line[..equals]).Trim();
            if (!key.Equals("path", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (equals < 0 || Resolve(line[(equals + 1)..].Trim(), directory, home, syntax) is not { } path)
            {
                return null;
            }

            paths.Add(path);
        }

        return paths;
    }

    private static string? Resolve(string value, string directory, string? home, GitPathSyntax syntax)
    {
        if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
        {
            value = value[1..^1];
        }

        // A NUL would make the path unusable for every file API (ArgumentException; found by fuzz/ git-config).
        if (value.Length == 0 || value.IndexOfAny(['"', '\\', '#', ';', '\0']) >= 0 || value.StartsWith("%(", StringComparison.Ordinal))
        {
            return null;
        }

        if (value.StartsWith('~'))
        {
            if (!value.StartsWith("~/", StringComparison.Ordinal) || string.IsNullOrEmpty(home))
            {
                return null;
            }

            return Path.Combine(home, value[2..]);
        }

        if (syntax.IsAbsolute(value))
        {
            // Git for Windows read a leading '/' as relative to its installation (deprecated in 2.34,
            // dropped in 2023: git-for-windows/git#4389), later as the current drive's: which one this
            // user's git does is unknown, so only a path with a drive is an answer there.
            return syntax.RootLength(value) is not null ? value : null;
        }

        // Relative to the including file's folder; without an absolute one there is no answer to guess.
        // Joined, not normalised: the kernel resolves "..", after any symbolic link, as it does for git.
        return Path.IsPathRooted(directory) ? Path.Join(directory, value) : null;
    }

    /// <summary>What an includeIf section's header (after its name) makes git look at; both when it cannot tell.</summary>
    private static IncludeConditions ConditionOf(string rest)
    {
        string trimmed = rest.TrimStart(' ', '\t');
        if (!trimmed.StartsWith('"') || trimmed.Contains('\\'))
        {
            return IncludeConditions.Branch | IncludeConditions.GitDirectory;
        }

        return trimmed.StartsWith("\"onbranch:", StringComparison.Ordinal) ? IncludeConditions.Branch
            : trimmed.StartsWith("\"gitdir", StringComparison.Ordinal) ? IncludeConditions.GitDirectory
            : IncludeConditions.None;
    }
}

/// <summary>What else than config files git reads to decide an includeIf.</summary>
[Flags]
public enum IncludeConditions
{
    None = 0,
    Branch = 1,
    GitDirectory = 2,
}
