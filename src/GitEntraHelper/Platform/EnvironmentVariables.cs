using System.Collections;

namespace GitEntraHelper.Platform;

/// <summary>The seam through which everything reads environment variables (tests pass a dictionary).</summary>
public interface IEnvironmentVariables
{
    /// <summary>The value, or null when unset. An empty value is returned as empty.</summary>
    string? Get(string name);
}

/// <summary>The real process environment.</summary>
public sealed class ProcessEnvironmentVariables : IEnvironmentVariables
{
    public static ProcessEnvironmentVariables Instance { get; } = new();

    public string? Get(string name) => Environment.GetEnvironmentVariable(name);
}

/// <summary>A fixed set of variables, for tests and for child processes.</summary>
public sealed class DictionaryEnvironmentVariables : IEnvironmentVariables, IEnumerable<KeyValuePair<string, string>>
{
    private readonly Dictionary<string, string> _values = new(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);

    public string? this[string name]
    {
        get => Get(name);
        set
        {
            if (value is null)
            {
                _values.Remove(name);
            }
            else
            {
                _values[name] = value;
            }
        }
    }

    public void Add(string name, string value) => _values[name] = value;

    public string? Get(string name) => _values.TryGetValue(name, out string? value) ? value : null;

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>Some variables set over another environment (login's "always the user, this flow"); the rest read through.</summary>
public sealed class OverlayEnvironmentVariables(IEnvironmentVariables inner, IReadOnlyDictionary<string, string> overrides) : IEnvironmentVariables
{
    public string? Get(string name) => overrides.TryGetValue(name, out string? value) ? value : inner.Get(name);
}
