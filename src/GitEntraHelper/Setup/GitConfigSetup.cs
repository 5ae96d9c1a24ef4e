using System.Text;
using GitEntraHelper.Diagnostics;
using GitEntraHelper.Settings;

namespace GitEntraHelper.Setup;

/// <summary>One line configure or unconfigure added, changed or removed (or could not remove).</summary>
public sealed record ConfigChange(char Kind, string Key, string Value, string? Note = null)
{
    public const char Added = '+';
    public const char Updated = '~';
    public const char Removed = '-';
    public const char Kept = '!';

    public override string ToString()
    {
        string value = Value.Length == 0 ? "(empty: git forgets the helpers configured before it for this URL)" : Value;
        return Note is null ? $"{Kind} {Key} = {value}" : $"{Kind} {Key} = {value}  ({Note})";
    }
}

/// <summary>
/// Adds this helper to git config for Azure DevOps and takes it out again, only through `git config`
/// processes, one scope (global or system) at a time. configure is idempotent and never touches a
/// section it does not own; unconfigure removes exactly the adjacent lines configure writes
/// (reset line, helper line, then its extras), so a config file returns byte for byte to what it was.
/// </summary>
public sealed class GitConfigSetup
{
    private readonly GitProcess _git;
    private readonly GitConfigScope _scope;

    public GitConfigSetup(GitProcess git, GitConfigScope scope)
    {
        _git = git;
        _scope = scope;
    }

    public GitVersion ReadGitVersion()
    {
        GitResult result = _git.Run("version");
        return result.ExitCode == 0 && GitVersion.Parse(result.Output) is { } version
            ? version
            : throw new HelperException($"cannot tell the version of git: {result.FirstErrorLine}");
    }

    /// <summary>Every entry of the scope's file(s), in file order; none when the file does not exist yet.</summary>
    public IReadOnlyList<ConfigEntry> ReadEntries()
    {
        GitResult result = _git.Run("config", _scope.Flag(), "--null", "--show-origin", "--list");
        if (result.ExitCode == 0)
        {
            return ConfigEntry.ParseList(result.Output);
        }

        if (result.Error.Contains("No such file or directory", StringComparison.Ordinal))
        {
            return [];
        }

        throw new HelperException($"git config {_scope.Flag()} cannot be read: {result.FirstErrorLine}");
    }

    public IReadOnlyList<ConfigChange> Configure(IReadOnlyList<SetupTarget> targets, string helperValue)
    {
        IReadOnlyList<ConfigEntry> entries = ReadEntries();
        var changes = new List<ConfigChange>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        foreach (SetupTarget target in targets)
        {
            if (done.Add(target.Url))
            {
                ConfigureTarget(entries, target, helperValue, changes);
            }
        }

        return changes;
    }

    public IReadOnlyList<ConfigChange> Unconfigure()
    {
        IReadOnlyList<ConfigEntry> entries = ReadEntries();
        var changes = new List<ConfigChange>();
        foreach (IGrouping<string, ConfigEntry> file in entries.GroupBy(e => e.File, StringComparer.Ordinal))
        {
            UnconfigureFile(file.Key, [.. file], changes);
        }

        return changes;
    }

    private void ConfigureTarget(IReadOnlyList<ConfigEntry> entries, SetupTarget target, string helperValue, List<ConfigChange> changes)
    {
        string helperKey = $"credential.{target.Url}.helper";
        List<ConfigEntry> helpers = [.. entries.Where(e => e.Is(target.Url, "helper"))];
        int pair = FindOurPair(helpers);
        if (pair < 0)
        {
            Write("--add", helperKey, "");
            Write("--add", helperKey, helperValue);
            changes.Add(new ConfigChange(ConfigChange.Added, helperKey, ""));
            changes.Add(new ConfigChange(ConfigChange.Added, helperKey, helperValue));
        }
        else if (helpers[pair + 1].Value != helperValue)
        {
            // Same lines, another copy of this program (moved install): replace the value in place.
            ConfigEntry old = helpers[pair + 1];
            Edit(old.File, helperKey, helperValue, ExactValuePattern(old.Value));
            changes.Add(new ConfigChange(ConfigChange.Updated, helperKey, helperValue, $"was {old.Value}"));
        }

        foreach (var (name, value) in target.Extras)
        {
            ConfigEntry? effective = entries.LastOrDefault(e => e.Is(target.Url, name));
            if (effective is null || !Equivalent(name, effective.Value, value))
            {
                string key = $"credential.{target.Url}.{name}";
                Write("--add", key, value);
                changes.Add(new ConfigChange(ConfigChange.Added, key, value));
            }
        }
    }

    private void UnconfigureFile(string file, List<ConfigEntry> entries, List<ConfigChange> changes)
    {
        var ours = new List<ConfigEntry>();
        for (int i = 0; i + 1 < entries.Count; i++)
        {
            ConfigEntry reset = entries[i];
            if (reset.Section != "credential" || reset.Subsection is not { } url || !reset.Is(url, "helper") || reset.Value.Length != 0
                || !entries[i + 1].Is(url, "helper") || !HelperValue.IsOurs(entries[i + 1].Value))
            {
                continue;
            }

            ours.Add(reset);
            ours.Add(entries[i + 1]);
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            int next = i + 2;
            while (next < entries.Count && IsKnownExtra(entries[next], url) && seen.Add(entries[next].Name))
            {
                ours.Add(entries[next]);
                next++;
            }

            i = next - 1;
        }

        bool removedAny = false;
        foreach (ConfigEntry entry in ours)
        {
            string key = $"credential.{entry.Subsection}.{DisplayName(entry.Name)}";
            int identical = entries.Count(e => e.Subsection == entry.Subsection && e.Name == entry.Name && e.Value == entry.Value);
            if (identical > 1)
            {
                // git config cannot remove one of several identical lines; removing all would drop the user's own.
                changes.Add(new ConfigChange(ConfigChange.Kept, key, entry.Value,
                    $"{identical} identical lines in {file}: remove the one git-credential-entra added by hand"));
                continue;
            }

            Edit(file, "--unset", key, ExactValuePattern(entry.Value));
            changes.Add(new ConfigChange(ConfigChange.Removed, key, entry.Value));
            removedAny = true;
        }

        // A file that only ever held our lines (configure created it) goes away again.
        if (removedAny && File.Exists(file) && new FileInfo(file).Length == 0)
        {
            File.Delete(file);
        }
    }

    /// <summary>Index of an empty helper value directly followed by one of ours, or -1.</summary>
    private static int FindOurPair(List<ConfigEntry> helpers)
    {
        for (int i = 0; i + 1 < helpers.Count; i++)
        {
            if (helpers[i].Value.Length == 0 && HelperValue.IsOurs(helpers[i + 1].Value) && helpers[i].File == helpers[i + 1].File)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>git lists variable names in lower case; show the spelling configure writes.</summary>
    private static string DisplayName(string name)
    {
        foreach (var (known, _) in SetupTarget.KnownExtras)
        {
            if (known.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return known;
            }
        }

        return name;
    }

    private static bool IsKnownExtra(ConfigEntry entry, string url)
    {
        foreach (var (name, value) in SetupTarget.KnownExtras)
        {
            if (entry.Is(url, name) && entry.Value == value)
            {
                return true;
            }
        }

        return false;
    }

    private static bool Equivalent(string name, string actual, string wanted) =>
        name.Equals("useHttpPath", StringComparison.OrdinalIgnoreCase)
            ? GitBoolean.TryParse(actual, out bool on) && on
            : name.Equals("provider", StringComparison.OrdinalIgnoreCase)
                ? actual.Trim().ToLowerInvariant() is "azure-devops" or "azure-repos"
                : actual == wanted;

    /// <summary>A POSIX extended regex matching exactly <paramref name="value"/> (git's value-pattern syntax).</summary>
    internal static string ExactValuePattern(string value)
    {
        var pattern = new StringBuilder("^");
        foreach (char c in value)
        {
            if (@"\.^$|?*+()[]{}".Contains(c, StringComparison.Ordinal))
            {
                pattern.Append('\\');
            }

            pattern.Append(c);
        }

        return pattern.Append('$').ToString();
    }

    private void Write(params string[] arguments) => Check(_git.Run(["config", _scope.Flag(), .. arguments]), _scope.Flag());

    private void Edit(string file, params string[] arguments) => Check(_git.Run(["config", "--file", file, .. arguments]), file);

    private void Check(GitResult result, string where)
    {
        if (result.ExitCode != 0)
        {
            string hint = _scope == GitConfigScope.System && result.Error.Contains("Permission denied", StringComparison.Ordinal)
                ? " (the system config needs administrator rights: run it with sudo, or from an elevated prompt)"
                : "";
            throw new HelperException($"git config {where} failed: {result.FirstErrorLine}{hint}");
        }
    }
}
