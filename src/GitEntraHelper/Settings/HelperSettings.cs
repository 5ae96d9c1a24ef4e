using System.Globalization;
using GitEntraHelper.Diagnostics;
using GitEntraHelper.Platform;
using GitEntraHelper.Settings.GitConfig;

namespace GitEntraHelper.Settings;

/// <summary>
/// The answers to "what is configured" for one run and one remote URL. Precedence: environment
/// variable, then git config (git applies URL-specific over general), then the key's default. git
/// config is read at most once, on first use, and never when the environment already decides.
/// Areas add typed accessors in their own file: <c>public sealed partial class HelperSettings { public
/// string Flow => GetString(SettingKeys.MsAuthFlow)!; }</c>.
/// </summary>
public sealed partial class HelperSettings
{
    private readonly IEnvironmentVariables _environment;
    private readonly Func<IReadOnlyDictionary<string, string>> _loadGitConfig;
    private IReadOnlyDictionary<string, string>? _gitConfig;

    /// <param name="environment">The environment seam.</param>
    /// <param name="loadGitConfig">Called at most once, lazily; returns the URL-matched credential.* keys.</param>
    public HelperSettings(IEnvironmentVariables environment, Func<IReadOnlyDictionary<string, string>> loadGitConfig)
    {
        _environment = environment;
        _loadGitConfig = loadGitConfig;
    }

    /// <summary>Settings for <paramref name="url"/> backed by one `git config` process.</summary>
    public static HelperSettings ForUrl(IEnvironmentVariables environment, IGitConfigReader reader, string url) =>
        new(environment, () => reader.ReadCredentialSection(url));

    /// <summary>Settings with a fixed git config (tests, or when git config was read already).</summary>
    public static HelperSettings FromValues(IEnvironmentVariables environment, IReadOnlyDictionary<string, string> gitConfig) =>
        new(environment, () => gitConfig);

    public IEnvironmentVariables Environment => _environment;

    /// <summary>True once git config has been read (traces, and tests that prove laziness).</summary>
    public bool GitConfigLoaded => _gitConfig is not null;

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

        return TryParseBool(value, out bool result)
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

    /// <summary>git config's boolean spellings (true/yes/on/1, false/no/off/0, empty = false).</summary>
    public static bool TryParseBool(string value, out bool result)
    {
        string v = value.Trim();
        if (v is "1" || v.Equals("true", StringComparison.OrdinalIgnoreCase) || v.Equals("yes", StringComparison.OrdinalIgnoreCase)
            || v.Equals("on", StringComparison.OrdinalIgnoreCase))
        {
            result = true;
            return true;
        }

        if (v is "0" or "" || v.Equals("false", StringComparison.OrdinalIgnoreCase) || v.Equals("no", StringComparison.OrdinalIgnoreCase)
            || v.Equals("off", StringComparison.OrdinalIgnoreCase))
        {
            result = false;
            return true;
        }

        result = false;
        return false;
    }

    private (string? Value, string Source) Resolve(SettingKey key)
    {
        if (key.EnvironmentVariable is { } variable && _environment.Get(variable) is { Length: > 0 } fromEnvironment)
        {
            return (fromEnvironment, $"environment variable {variable}");
        }

        if (key.NormalizedGitConfigKey is { } configKey)
        {
            _gitConfig ??= _loadGitConfig();
            if (_gitConfig.TryGetValue(configKey, out string? fromConfig))
            {
                return (fromConfig, $"git config {key.GitConfigKey}");
            }
        }

        return key.DefaultValue is null ? (null, "unset") : (key.DefaultValue, "default");
    }
}
