using System.Globalization;
using GitEntraHelper.Diagnostics;
using GitEntraHelper.Platform;
using GitEntraHelper.Settings.GitConfig;

namespace GitEntraHelper.Settings;

/// <summary>
/// The answers to "what is configured" for one run and one remote URL. Precedence: environment
/// variable, then git config (git applies URL-specific over general), then the key's default. git
/// config is read at most once per view, on first use, and never when the environment already decides.
/// A <see cref="SettingKey.Protected"/> key is never taken from the repository's own config (git's
/// "protected configuration", as for safe.directory): when the repository's config files mention it,
/// its value comes from the system, global and command-line scopes only.
/// Areas add typed accessors in their own file: <c>public sealed partial class HelperSettings { public
/// string Flow => GetString(SettingKeys.MsAuthFlow)!; }</c>.
/// </summary>
public sealed partial class HelperSettings
{
    private readonly IEnvironmentVariables _environment;
    private readonly Func<ConfigView, IReadOnlyDictionary<string, string>> _loadGitConfig;
    private readonly Func<string, bool> _repositoryMayMention;
    private readonly Dictionary<ConfigView, IReadOnlyDictionary<string, string>> _views = [];

    /// <param name="environment">The environment seam.</param>
    /// <param name="loadGitConfig">Called at most once per view, lazily; returns the URL-matched credential.* keys.</param>
    /// <param name="repositoryMayMention">
    /// False when the repository's own config files certainly do not mention a key (its last name part,
    /// lower-case); null: they mention nothing (no repository, or tests).
    /// </param>
    public HelperSettings(IEnvironmentVariables environment, Func<ConfigView, IReadOnlyDictionary<string, string>> loadGitConfig,
        Func<string, bool>? repositoryMayMention = null)
    {
        _environment = environment;
        _loadGitConfig = loadGitConfig;
        _repositoryMayMention = repositoryMayMention ?? (static _ => false);
    }

    /// <summary>Settings whose every view is the same fixed git config (tests, or git config read already).</summary>
    public HelperSettings(IEnvironmentVariables environment, Func<IReadOnlyDictionary<string, string>> loadGitConfig)
        : this(environment, _ => loadGitConfig())
    {
    }

    /// <summary>Settings for <paramref name="url"/> backed by `git config` processes (one per view a setting needs).</summary>
    public static HelperSettings ForUrl(IEnvironmentVariables environment, IGitConfigReader reader, string url, GitConfigFiles? files = null) =>
        new(environment, view => reader.ReadCredentialSection(url, view),
            files is null ? null : key => files.RepositoryMayMention(key));

    /// <summary>Settings with a fixed git config (tests, or when git config was read already).</summary>
    public static HelperSettings FromValues(IEnvironmentVariables environment, IReadOnlyDictionary<string, string> gitConfig) =>
        new(environment, () => gitConfig);

    public IEnvironmentVariables Environment => _environment;

    /// <summary>True once git config has been read (traces, and tests that prove laziness).</summary>
    public bool GitConfigLoaded => _views.Count > 0;

    /// <summary>
    /// The value of <paramref name="key"/> in the system config file git was built with, ignoring every
    /// environment variable and every other scope: for IT policy, which nothing a user sets may widen.
    /// </summary>
    public string? GetSystemString(SettingKey key) =>
        key.NormalizedGitConfigKey is { } configKey && View(ConfigView.System).TryGetValue(configKey, out string? value) ? value : null;

    /// <summary>The effective value, or null. Empty environment values count as unset.</summary>
    public string? GetString(SettingKey key) => Resolve(key).Value;

    /// <summary>Where the effective value comes from: "environment GIT_ENTRA_TRACE", "git config credential.x", "default", "unset".</summary>
    public string DescribeSource(SettingKey key) => Resolve(key).Source;

    /// <summary>A secret-valued setting, redacted by construction.</summary>
    public Secret? GetSecret(SettingKey key) => GetString(key) is { } value ? new Secret(value) : null;

    /// <summary>git's boolean spellings; an unrecognised value is a clear error naming the key.</summary>
    public bool GetBool(SettingKey key, bool fallback = false)
    {
        var (value, source) = Resolve(key);
        if (value is null)
        {
            return fallback;
        }

        return GitBoolean.TryParse(value, out bool result)
            ? result
            : throw new HelperException($"{source} is '{value}', expected true or false");
    }

    /// <summary>A whole number; an unparsable value is a clear error naming the key.</summary>
    public int GetInt(SettingKey key, int fallback)
    {
        var (value, source) = Resolve(key);
        if (value is null)
        {
            return fallback;
        }

        return int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int result)
            ? result
            : throw new HelperException($"{source} is '{value}', expected a whole number");
    }

    private (string? Value, string Source) Resolve(SettingKey key)
    {
        if (key.EnvironmentVariable is { } variable && _environment.Get(variable) is { Length: > 0 } fromEnvironment)
        {
            return (fromEnvironment, $"environment variable {variable}");
        }

        if (key.NormalizedGitConfigKey is { } configKey)
        {
            bool guarded = key.Protected && _repositoryMayMention(configKey[(configKey.LastIndexOf('.') + 1)..]);
            if (View(guarded ? ConfigView.Protected : ConfigView.All).TryGetValue(configKey, out string? fromConfig))
            {
                return (fromConfig, $"git config {key.GitConfigKey}");
            }
        }

        return key.DefaultValue is null ? (null, "unset") : (key.DefaultValue, "default");
    }

    /// <summary>True when the repository's own config sets <paramref name="key"/> to something its protected scopes do not.</summary>
    public bool RepositoryOverrideIgnored(SettingKey key)
    {
        if (!key.Protected || key.NormalizedGitConfigKey is not { } configKey
            || !_repositoryMayMention(configKey[(configKey.LastIndexOf('.') + 1)..]))
        {
            return false;
        }

        View(ConfigView.All).TryGetValue(configKey, out string? all);
        View(ConfigView.Protected).TryGetValue(configKey, out string? protectedValue);
        return !string.Equals(all, protectedValue, StringComparison.Ordinal);
    }

    private IReadOnlyDictionary<string, string> View(ConfigView view)
    {
        if (!_views.TryGetValue(view, out IReadOnlyDictionary<string, string>? values))
        {
            values = _loadGitConfig(view);
            _views[view] = values;
        }

        return values;
    }
}
