namespace GitEntraHelper.Settings.GitConfig;

/// <summary>Which of git's config scopes a read sees.</summary>
public enum ConfigView
{
    /// <summary>Everything git itself would use for the URL: system, global, repository, worktree, command line.</summary>
    All,

    /// <summary>
    /// git's "protected configuration" (the scopes it trusts for safe.directory): system, global and command
    /// line, without the repository's own config, which came with whatever folder the user is in.
    /// </summary>
    Protected,

    /// <summary>
    /// The system file git was built with, and nothing else: not GIT_CONFIG_SYSTEM, not GIT_CONFIG_NOSYSTEM,
    /// not `-c`. For IT policy, which no user or repository setting may widen or drop.
    /// </summary>
    System,
}

/// <summary>
/// Reads the <c>credential.*</c> keys that apply to one remote URL, with git's own URL matching and
/// precedence (<c>credential.&lt;url&gt;.key</c> over <c>credential.key</c>), command-line <c>-c</c>,
/// includes and includeIf. Keys come back lower-cased ("credential.msauthflow").
/// </summary>
public interface IGitConfigReader
{
    IReadOnlyDictionary<string, string> ReadCredentialSection(string url, ConfigView view = ConfigView.All);
}
