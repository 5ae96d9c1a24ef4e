namespace GitEntraHelper.Settings;

/// <summary>
/// One configuration knob: its git config key (matched against the remote URL, so
/// <c>credential.https://dev.azure.com/contoso.KEY</c> beats <c>credential.KEY</c>), its environment
/// variable (which beats git config), its default, and the one-line description `--help` prints.
/// Define keys with <see cref="SettingKeys.Define"/> so they appear in the catalogue.
/// </summary>
/// <param name="GitConfigKey">Full key such as <c>credential.msauthFlow</c>, or null when environment-only.</param>
/// <param name="EnvironmentVariable">Variable such as <c>GIT_ENTRA_TRACE</c>, or null when git-config-only.</param>
/// <param name="DefaultValue">Shown in --help and returned when neither source sets it; null means "unset".</param>
/// <param name="Description">One short line for --help and the README table.</param>
/// <param name="IsSecret">True when the value is a secret: it is only readable as <see cref="Diagnostics.Secret"/>.</param>
/// <param name="Kind">A setting a user or IT chooses, or a fact of the environment we run in.</param>
/// <param name="Protected">
/// Steers where tokens go, how they are kept or which identity is used: never taken from a repository's own
/// .git/config (a downloaded folder could otherwise declare a host of its choosing or turn on plain text),
/// only from the system, global and command-line scopes, as git treats safe.directory.
/// </param>
public sealed record SettingKey(
    string? GitConfigKey,
    string? EnvironmentVariable,
    string? DefaultValue,
    string Description,
    bool IsSecret = false,
    SettingKind Kind = SettingKind.Setting,
    bool Protected = false)
{
    /// <summary>The lower-case name `git config --get-urlmatch` prints for this key, e.g. "credential.msauthflow".</summary>
    internal string? NormalizedGitConfigKey { get; } = GitConfigKey?.ToLowerInvariant();
}

/// <summary>What a catalogue entry is, for --help and README's two tables.</summary>
public enum SettingKind
{
    /// <summary>Something a user or IT configures (git config key and/or variable).</summary>
    Setting,

    /// <summary>A variable that tells us about the environment (CI, a display, git's own locations); nobody sets it for us.</summary>
    Context,
}
