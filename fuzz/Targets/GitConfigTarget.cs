using System.Globalization;
using System.Text;
using GitEntraHelper.Fuzz.Harness;
using GitEntraHelper.MemoryCache;
using GitEntraHelper.Platform;
using GitEntraHelper.Settings.GitConfig;

namespace GitEntraHelper.Fuzz.Targets;

/// <summary>
/// The git config read without git (<see cref="ConfigWorld"/> lays each input out as real files):
/// <see cref="DeclaredProviderPrescan"/> answers "nothing can declare a provider" only when no file git
/// reads (git's rules, restated here) and no `-c` value mentions a provider or an include;
/// <see cref="ConfigurationFingerprint"/> is deterministic and changes whenever a file git reads changes;
/// <see cref="GitConfigIncludes"/> names only absolute paths. Nothing throws.
/// </summary>
internal sealed class GitConfigTarget : IFuzzTarget
{
    private readonly Lazy<ConfigWorld> _world = new(() =>
    {
        var world = new ConfigWorld(Path.Combine(Path.GetTempPath(), $"git-entra-fuzz-config-{System.Environment.ProcessId}"));
        Directory.SetCurrentDirectory(world.WorkingDirectory); // a relative GIT_CONFIG_GLOBAL means the same file to both
        return world;
    });

    public string Name => "git-config";

    public string Description => "the git config prescan (DeclaredProviderPrescan), the memory cache's ConfigurationFingerprint and include paths";

    public IReadOnlyList<string> Dictionaries => ["gitconfig"];

    public void Run(byte[] input)
    {
        ConfigWorld world = _world.Value;
        world.Lay(input);
        IEnvironmentVariables environment = world.Environment;

        var prescan = new DeclaredProviderPrescan(environment, world.WorkingDirectory);
        bool may = prescan.MayDeclareProvider(out string reason);
        Invariant.Holds(reason.Length > 0, "the prescan gave no reason");
        if (!may && GitReads(world, environment) is { } read)
        {
            foreach (var (source, bytes) in read)
            {
                Invariant.Holds(!MentionsWord(bytes), $"the prescan says no provider can be declared ({reason}), but git reads {source}, which mentions one or an include");
            }
        }

        bool dotGitFile = File.Exists(world.PathOf(ConfigWorld.DotGitFile)) || Directory.Exists(world.PathOf(ConfigWorld.DotGitFile));
        if (!dotGitFile && !prescan.Files.RepositoryMayMention("provider")) // with a .git file, the repository is elsewhere
        {
            foreach (string name in (string[])["repo/.git/config", "repo/.git/config.worktree"])
            {
                Invariant.Holds(!File.Exists(world.PathOf(name)) || !MentionsWord(File.ReadAllBytes(world.PathOf(name))), $"RepositoryMayMention misses {name}");
            }
        }

        CheckFingerprint(world, environment);

        for (int i = 0; i < ConfigWorld.FileNames.Length; i++)
        {
            string path = world.PathOf(ConfigWorld.FileNames[i]);
            if (File.Exists(path) && GitConfigIncludes.Paths(File.ReadAllText(path), Path.GetDirectoryName(path)!, world.PathOf("home")) is { } included)
            {
                foreach (string include in included)
                {
                    Invariant.Holds(Path.IsPathFullyQualified(include) && !include.Contains('\0', StringComparison.Ordinal), $"an include path {Invariant.Show(include)} is not absolute");
                }
            }
        }
    }

    private static void CheckFingerprint(ConfigWorld world, IEnvironmentVariables environment)
    {
        string? first = Fingerprint(world, environment);
        Invariant.Holds(first == Fingerprint(world, environment), "the fingerprint of one configuration differs between two runs");
        if (first is null || GitReads(world, environment) is not { } read)
        {
            return;
        }

        foreach (var (source, bytes) in read)
        {
            if (!source.StartsWith(world.Root, StringComparison.Ordinal) || bytes.Length == 0)
            {
                continue;
            }

            // Any change to a file git reads may change git's answer: a hit must then be impossible.
            File.WriteAllBytes(source, [.. bytes, (byte)'\n', (byte)'#']);
            string? changed = Fingerprint(world, environment);
            File.WriteAllBytes(source, bytes);
            Invariant.Holds(changed != first, $"the fingerprint does not change when {source} changes");
        }
    }

    private static string? Fingerprint(ConfigWorld world, IEnvironmentVariables environment) =>
        ConfigurationFingerprint.Compute(new GitConfigFiles(environment, world.WorkingDirectory), environment);

    /// <summary>
    /// What git itself reads (git-config(1) "FILES" and "ENVIRONMENT"), as (file or variable, bytes) for
    /// the regular files and the `-c` values; null when git would fail or the list is not knowable here.
    /// </summary>
    private static List<(string Source, byte[] Bytes)>? GitReads(ConfigWorld world, IEnvironmentVariables environment)
    {
        var files = new List<string>();
        bool? noSystem = environment.Get(Variables.GitConfigNoSystem) is { } flag ? GitEnvironmentBoolean(flag) : false;
        if (noSystem is null)
        {
            return null; // git dies: "bad boolean config value"
        }

        if (noSystem == false)
        {
            if (environment.Get(Variables.GitConfigSystem) is not { } system)
            {
                return null; // the compiled-in system file: this harness never lets the prescan know it
            }

            files.Add(system);
        }

        if (environment.Get(Variables.GitConfigGlobal) is { } global)
        {
            files.Add(global); // set, even empty: the only global file
        }
        else
        {
            string home = environment.Get(Variables.Home)!;
            files.Add(environment.Get(Variables.XdgConfigHome) is { Length: > 0 } xdg ? Path.Combine(xdg, "git", "config") : Path.Combine(home, ".config", "git", "config"));
            files.Add(Path.Combine(home, ".gitconfig"));
        }

        if (File.Exists(world.PathOf(ConfigWorld.DotGitFile)) || Directory.Exists(world.PathOf(ConfigWorld.DotGitFile)))
        {
            return null; // git goes where the .git file points, or fails: the repository is not known here
        }

        string gitDirectory = world.PathOf("repo/.git"); // found from the working directory, repo/sub
        files.Add(Path.Combine(gitDirectory, "config"));
        files.Add(Path.Combine(gitDirectory, "config.worktree"));

        var read = new List<(string, byte[])>();
        foreach (string file in files)
        {
            string full = file.Length == 0 ? file : Path.GetFullPath(file);
            if (full.Length > 0 && File.Exists(full))
            {
                read.Add((full, File.ReadAllBytes(full)));
            }
        }

        foreach (string variable in (string[])[Variables.GitConfigParameters, .. CommandLineVariables(environment)])
        {
            if (environment.Get(variable) is { } text)
            {
                read.Add((variable, Encoding.UTF8.GetBytes(text)));
            }
        }

        return read;
    }

    private static IEnumerable<string> CommandLineVariables(IEnvironmentVariables environment)
    {
        if (environment.Get(Variables.GitConfigCount) is not { Length: > 0 } countText
            || !long.TryParse(countText.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long count))
        {
            yield break;
        }

        for (int i = 0; i < Math.Min(count, 3); i++)
        {
            yield return Variables.GitConfigKeyPrefix + i;
            yield return Variables.GitConfigValuePrefix + i;
        }
    }

    /// <summary>git_env_bool: true/yes/on, false/no/off/"" in any case, or an integer (non-zero is true); else git dies.</summary>
    private static bool? GitEnvironmentBoolean(string value)
    {
        string v = value.ToLowerInvariant();
        if (v is "true" or "yes" or "on")
        {
            return true;
        }

        if (v is "false" or "no" or "off" or "")
        {
            return false;
        }

        return long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long number) ? number != 0 : null;
    }

    // Latin-1 keeps one char per byte, and no Latin-1 letter case-folds to an ASCII one.
    private static bool MentionsWord(byte[] bytes)
    {
        string text = Encoding.Latin1.GetString(bytes);
        return text.Contains("provider", StringComparison.OrdinalIgnoreCase) || text.Contains("include", StringComparison.OrdinalIgnoreCase);
    }
}
