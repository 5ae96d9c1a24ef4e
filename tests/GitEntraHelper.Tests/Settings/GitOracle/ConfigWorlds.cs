using System.Text;

namespace GitEntraHelper.Tests.Settings.GitOracle;

/// <summary>One configuration world: the variant's state on top of its family's files, and its environment.</summary>
internal sealed record ConfigWorld(int Family, int Variant, string WorkingDirectory, Dictionary<string, string> Environment, string Description);

/// <summary>
/// Seeded random configuration worlds for the git-as-oracle test. A family fixes the config files'
/// bytes (system, global, XDG, repository, worktree-style includes) in one directory; its variants then
/// change what the bytes do not show — the branch HEAD names, a `.git` folder that is or is not a
/// valid repository between the working directory and the real one, where git starts, a ceiling,
/// GIT_DIR, `-c` — so that worlds git answers differently may share a memory-cache key if the helper
/// overlooks something. Every file is rewritten at the same paths, so equal fingerprints are possible.
/// </summary>
internal sealed class ConfigWorlds(int seed, string root)
{
    public const string CustomHost = "ado.example";

    private static readonly string[] UrlPatterns =
    [
        "https://ado.example", "https://ADO.Example", "https://*.example", "https://ado.example/org", "https://ado.example/org/proj",
        "https://ado.example/org/other", "https://ado.example/org/proj/_git/repo", "https://ado.example/org/", "https://dev.azure.com",
        "https://dev.azure.com/org", "https://dev.azure.com/org/proj", "https://dev.azure.com/other", "http://ado.example",
        "https://ado.example:443", "https://me@ado.example", "https://other.example", "https://*.azure.com/org",
    ];

    private static readonly string[] Keys = ["provider", "Provider", "PROVIDER", "username", "entraTenantId", "azreposServicePrincipal", "entraMemoryCache"];
    private static readonly string[] Values = ["azure-devops", "azure-repos", "Azure-DevOps", "\"azure-devops\"", "generic", "", null!, "x y", "\"\""];
    private static readonly string[] SectionNames = ["credential", "Credential", "CREDENTIAL"];

    private readonly Random _random = new(seed);

    public string Root => root;

    /// <summary>Writes family <paramref name="family"/>'s files (removing the previous family's) and returns its directory.</summary>
    public string WriteFamily(int family)
    {
        string directory = Path.Combine(root, "family");
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        foreach (string sub in new[] { "home", "xdg/git", "inc", "top/mid/deep", "outside", "bare.git/objects", "bare.git/refs" })
        {
            Directory.CreateDirectory(Path.Combine(directory, sub));
        }

        GitDirectories.Init(Path.Combine(directory, "top", ".git"));
        File.WriteAllText(Path.Combine(directory, "bare.git", "HEAD"), "ref: refs/heads/main\n");
        foreach (string file in new[] { "sys.gitconfig", "glob.gitconfig", "home/.gitconfig", "xdg/git/config", "top/.git/config", "mid.config", "bare.git/config" })
        {
            if (_random.Next(4) != 0)
            {
                File.WriteAllText(Path.Combine(directory, file), Content(directory, allowIncludes: true));
            }
        }

        foreach (string file in new[] { "inc/a.inc", "inc/b.inc", "home/h.inc" })
        {
            File.WriteAllText(Path.Combine(directory, file), Content(directory, allowIncludes: file == "inc/a.inc"));
        }

        return directory;
    }

    /// <summary>Puts the family directory in one variant's state and describes that world.</summary>
    public ConfigWorld Variant(int family, int variant, string directory, string gitBinDirectory)
    {
        var description = new StringBuilder();
        string head = Pick("ref: refs/heads/main\n", "ref: refs/heads/release\n", "ref: refs/heads/rel-2\n", new string('c', 40) + "\n");
        File.WriteAllText(Path.Combine(directory, "top", ".git", "HEAD"), head);
        description.Append("HEAD=").Append(head.Trim());

        // Between the working directory and the real repository: nothing, a .git folder that is no repository, or a repository.
        string mid = Path.Combine(directory, "top", "mid", ".git");
        if (Directory.Exists(mid))
        {
            Directory.Delete(mid, recursive: true);
        }

        string midState = Pick("absent", "invalid", "invalid-head", "valid");
        if (midState != "absent")
        {
            Directory.CreateDirectory(mid);
            string midConfig = Path.Combine(directory, "mid.config");
            if (File.Exists(midConfig))
            {
                File.Copy(midConfig, Path.Combine(mid, "config"));
            }

            if (midState == "valid")
            {
                GitDirectories.Init(mid);
            }
            else if (midState == "invalid-head")
            {
                GitDirectories.Init(mid, head: "garbage\n");
            }
        }

        description.Append(" mid=").Append(midState);
        string start = Pick("top/mid/deep", "top/mid/deep", "top", "outside", "bare.git", "home");
        description.Append(" cwd=").Append(start);

        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = $"{gitBinDirectory}:/usr/bin:/bin",
            ["HOME"] = Path.Combine(directory, "home"),
            ["LC_ALL"] = "C",
        };

        // The environment changes rarely between variants: most pairs differ only in what the files do not show.
        var local = new Random((seed * 7919) + (family * 131) + (_random.Next(3) == 0 ? variant + 1 : 0)); // deterministic, unlike HashCode
        switch (local.Next(4))
        {
            case 0:
                environment["GIT_CONFIG_NOSYSTEM"] = "1";
                break;
            case 1:
                environment["GIT_CONFIG_SYSTEM"] = Path.Combine(directory, "sys.gitconfig");
                break;
            default:
                environment["GIT_CONFIG_SYSTEM"] = Path.Combine(directory, "sys.gitconfig");
                environment["GIT_CONFIG_NOSYSTEM"] = local.Next(2) == 0 ? "true" : "0";
                break;
        }

        switch (local.Next(3))
        {
            case 0:
                environment["GIT_CONFIG_GLOBAL"] = Path.Combine(directory, "glob.gitconfig");
                break;
            case 1:
                environment["XDG_CONFIG_HOME"] = Path.Combine(directory, "xdg");
                break;
        }

        switch (local.Next(8))
        {
            case 0:
                environment["GIT_CONFIG_PARAMETERS"] = $"'credential.https://{CustomHost}.provider'='azure-devops'";
                break;
            case 1:
                environment["GIT_CONFIG_COUNT"] = "1";
                environment["GIT_CONFIG_KEY_0"] = "credential.https://ado.example/org.username";
                environment["GIT_CONFIG_VALUE_0"] = "someone";
                break;
            case 2:
                environment["GIT_CEILING_DIRECTORIES"] = Path.Combine(directory, local.Next(2) == 0 ? "top/mid" : "top");
                break;
            case 3:
                environment["GIT_DIR"] = Path.Combine(directory, local.Next(2) == 0 ? "top/.git" : "top/mid/.git");
                break;
            case 4:
                environment["GIT_CONFIG_PARAMETERS"] = $"'include.path'='{Path.Combine(directory, "inc", "b.inc")}'";
                break;
        }

        foreach (var (name, value) in environment.Where(e => e.Key.StartsWith("GIT_", StringComparison.Ordinal)))
        {
            description.Append(' ').Append(name).Append('=').Append(value.Replace(directory, "F", StringComparison.Ordinal));
        }

        return new ConfigWorld(family, variant, Path.Combine(directory, start), environment, description.ToString());
    }

    private string Content(string directory, bool allowIncludes)
    {
        var text = new StringBuilder();
        int blocks = _random.Next(1, 5);
        for (int i = 0; i < blocks; i++)
        {
            switch (_random.Next(allowIncludes ? 9 : 5))
            {
                case 0 or 1 or 2:
                    text.Append('[').Append(Pick(SectionNames)).Append(" \"").Append(Pick(UrlPatterns)).Append("\"]\n");
                    AppendKey(text);
                    break;
                case 3:
                    text.Append("[credential]\n");
                    AppendKey(text);
                    break;
                case 4:
                    text.Append(Pick("# a provider comment\n", "[remote \"origin\"]\n\turl = https://ado.example/org/proj/_git/repo\n", "[core]\n\tbare = false\n", "[extensions]\n\tworktreeConfig = true\n"));
                    break;
                case 5:
                    text.Append(Pick("[include]\n", "[Include]\n", "[INCLUDE]\n")).Append("\tpath = ").Append(IncludePath(directory)).Append('\n');
                    break;
                default:
                    text.Append("[includeIf \"").Append(Condition(directory)).Append("\"]\n\tpath = ").Append(IncludePath(directory)).Append('\n');
                    break;
            }
        }

        return text.ToString();
    }

    private void AppendKey(StringBuilder text)
    {
        string key = Pick(Keys);
        string? value = Pick(Values);
        text.Append('\t').Append(key);
        if (value is not null)
        {
            text.Append(" = ").Append(value);
        }

        text.Append('\n');
    }

    private string IncludePath(string directory) => Pick(
        Path.Combine(directory, "inc", "a.inc"), Path.Combine(directory, "inc", "b.inc"), "inc/b.inc", "../inc/a.inc", "~/h.inc", "\"~/h.inc\"", "missing.inc");

    private string Condition(string directory) => Pick(
        $"gitdir:{directory}/top/", $"gitdir:{directory}/top/.git", $"gitdir/i:{directory.ToUpperInvariant()}/TOP/", "gitdir:**/mid/",
        $"gitdir:{directory}/bare.git", "onbranch:main", "onbranch:release", "onbranch:rel*", "hasconfig:remote.*.url:https://ado.example/**", "unknown:x");

    private T Pick<T>(params T[] choices) => choices[_random.Next(choices.Length)];
}
