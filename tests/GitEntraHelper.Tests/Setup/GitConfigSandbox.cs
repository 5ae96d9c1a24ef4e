using GitEntraHelper.Setup;

namespace GitEntraHelper.Tests.Setup;

/// <summary>
/// A temporary folder whose files are git's global and system config for the git processes the code
/// under test starts (GIT_CONFIG_GLOBAL / GIT_CONFIG_SYSTEM), so the real git edits them and nothing
/// on the machine is touched.
/// </summary>
internal sealed class GitConfigSandbox : IDisposable
{
    public GitConfigSandbox()
    {
        Root = Directory.CreateTempSubdirectory("gce-setup-").FullName;
        Environment = new Dictionary<string, string?>
        {
            ["GIT_CONFIG_GLOBAL"] = GlobalFile,
            ["GIT_CONFIG_SYSTEM"] = SystemFile,
            ["GIT_CONFIG_NOSYSTEM"] = null,
            ["GIT_CONFIG_PARAMETERS"] = null,
            ["GIT_CONFIG_COUNT"] = null,
            ["HOME"] = Root,
            ["XDG_CONFIG_HOME"] = Path.Combine(Root, "xdg"),
        };
        Git = new GitProcess("git", Environment);
    }

    public string Root { get; }

    public string GlobalFile => Path.Combine(Root, "global.gitconfig");

    public string SystemFile => Path.Combine(Root, "system.gitconfig");

    public Dictionary<string, string?> Environment { get; }

    public GitProcess Git { get; }

    public string FileOf(GitConfigScope scope) => scope == GitConfigScope.System ? SystemFile : GlobalFile;

    /// <summary>The file's bytes as text, or null when it does not exist.</summary>
    public string? Read(GitConfigScope scope) => File.Exists(FileOf(scope)) ? File.ReadAllText(FileOf(scope)) : null;

    public void Write(GitConfigScope scope, string text) => File.WriteAllText(FileOf(scope), text.ReplaceLineEndings("\n"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
