using System.Text;
using GitEntraHelper.Platform;

namespace GitEntraHelper.Fuzz.Harness;

/// <summary>
/// One input as the git config files and variables of a run, laid out in a private temporary folder:
/// sections separated by a line <c>%%</c> fill, in order, the system file, ~/.gitconfig, the XDG file,
/// the repository's config and config.worktree, two files an include may name (~/inc and
/// .git/inc), a `.git` file in the working directory, and the environment (NAME=VALUE lines; a value
/// "@x" means the world's path x). An empty
/// section is an absent file, "!dir" a directory. The working directory is a folder inside the repository.
/// </summary>
internal sealed class ConfigWorld
{
    public static readonly string[] FileNames =
        ["system/gitconfig", "home/.gitconfig", "xdg/git/config", "repo/.git/config", "repo/.git/config.worktree", "home/inc", "repo/.git/inc", DotGitFile];

    /// <summary>A `.git` file in the working directory ("gitdir: …"), which repository discovery reads first.</summary>
    public const string DotGitFile = "repo/sub/.git";

    // The variables an input may set: those that choose git's config sources or carry `git -c`.
    private static readonly string[] Settable =
    [
        Variables.GitConfigParameters, Variables.GitConfigCount, Variables.GitConfigNoSystem, Variables.GitConfigSystem, Variables.GitConfigGlobal,
        Variables.XdgConfigHome, Variables.GitConfigKeyPrefix + "0", Variables.GitConfigValuePrefix + "0", Variables.GitConfigKeyPrefix + "1",
        Variables.GitConfigValuePrefix + "1", Variables.GitConfigKeyPrefix + "2", Variables.GitConfigValuePrefix + "2",
    ];

    public ConfigWorld(string root)
    {
        Root = root;
        WorkingDirectory = Path.Combine(root, "repo", "sub");
        Directory.CreateDirectory(WorkingDirectory);
        Directory.CreateDirectory(Path.Combine(root, "repo", ".git", "objects"));
        Directory.CreateDirectory(Path.Combine(root, "repo", ".git", "refs"));
        File.WriteAllText(Path.Combine(root, "repo", ".git", "HEAD"), "ref: refs/heads/main\n");
    }

    public string Root { get; }

    public string WorkingDirectory { get; }

    public DictionaryEnvironmentVariables Environment { get; private set; } = [];

    public string PathOf(string name) => Path.Combine(Root, name);

    /// <summary>Rewrites the world for <paramref name="input"/>; returns the environment it sets.</summary>
    public void Lay(byte[] input)
    {
        string[] sections = Encoding.UTF8.GetString(input).Split("\n%%\n");
        for (int i = 0; i < FileNames.Length; i++)
        {
            string path = PathOf(FileNames[i]);
            Remove(path);
            string? content = i < sections.Length ? sections[i] : null;
            if (string.IsNullOrEmpty(content))
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            if (content == "!dir")
            {
                Directory.CreateDirectory(path);
            }
            else
            {
                File.WriteAllBytes(path, Encoding.UTF8.GetBytes(content));
            }
        }

        var environment = new DictionaryEnvironmentVariables
        {
            [Variables.Home] = PathOf("home"),
            [Variables.XdgConfigHome] = PathOf("xdg"),
            [Variables.GitConfigSystem] = PathOf("system/gitconfig"),
        };
        string variables = sections.Length > FileNames.Length ? string.Join("\n%%\n", sections[FileNames.Length..]) : string.Empty;
        foreach (string line in variables.Split('\n'))
        {
            int equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && Array.IndexOf(Settable, line[..equals]) >= 0 && !line.Contains('\0', StringComparison.Ordinal))
            {
                string value = line[(equals + 1)..];
                environment[line[..equals]] = value.StartsWith('@') && !value.Contains("..", StringComparison.Ordinal) ? PathOf(value[1..]) : value;
            }
        }

        Environment = environment;
    }

    private static void Remove(string path)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
        else if (File.Exists(path))
        {
            File.Delete(path);
        }
    }
}
