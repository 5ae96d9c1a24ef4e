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
public sealed record SettingKey(
    string? GitConfigKey,
    string? EnvironmentVariable,
    string? DefaultValue,
    string Description,
    bool IsSecret = false)
{
    /// <summary>The lower-case name `git config --get-urlmatch` prints for this key, e.g. "credential.msauthflow".</summary>
    internal string? NormalizedGitConfigKey { get; } = GitConfigKey?.ToLowerInvariant();
}
