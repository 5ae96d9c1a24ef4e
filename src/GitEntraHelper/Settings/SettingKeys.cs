namespace GitEntraHelper.Settings;

/// <summary>
/// The catalogue of every key and variable. Each area declares its keys in its own file as
/// <c>public static partial class SettingKeys { public static readonly SettingKey X = Define(...); }</c>;
/// all parts share one static initializer, so <see cref="All"/> always lists every key (for --help and
/// diagnose) without reflection.
/// </summary>
public static partial class SettingKeys
{
    // No initializer on purpose: field initializers of other partial files may run first and call Define.
    private static List<SettingKey>? s_all;

    /// <summary>Every defined key, sorted by git config key then variable name.</summary>
    public static IReadOnlyList<SettingKey> All
    {
        get
        {
            _ = Trace; // touch a field so the shared static initializer has certainly run
            var copy = new List<SettingKey>(s_all!);
            copy.Sort(static (a, b) =>
            {
                int byKey = string.Compare(a.GitConfigKey ?? "~", b.GitConfigKey ?? "~", StringComparison.OrdinalIgnoreCase);
                return byKey != 0 ? byKey : string.Compare(a.EnvironmentVariable, b.EnvironmentVariable, StringComparison.Ordinal);
            });
            return copy;
        }
    }

    /// <summary>Registers a key in the catalogue; use only in static field initializers of this class.</summary>
    public static SettingKey Define(string? gitConfigKey, string? environmentVariable, string? defaultValue, string description,
        bool isSecret = false, SettingKind kind = SettingKind.Setting, bool isProtected = false)
    {
        if (gitConfigKey is null && environmentVariable is null)
        {
            throw new ArgumentException("a setting needs a git config key or an environment variable");
        }

        var key = new SettingKey(gitConfigKey, environmentVariable, defaultValue, description, isSecret, kind, isProtected);
        (s_all ??= new List<SettingKey>()).Add(key);
        return key;
    }
}
