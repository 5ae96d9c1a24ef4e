using System.Text;

namespace GitEntraHelper.Platform;

/// <summary>
/// The process environment, remembering the name of every variable the run looked at (set or not).
/// The memory cache stores those names with a digest of their values, and reuses an answer only while
/// all of them still hold the same values: whatever variable our code consults is covered, without a
/// list to keep in step, and variables we never read (a terminal's, a benchmark's) change nothing.
/// </summary>
public sealed class RecordingEnvironment : IEnvironmentVariables
{
    /// <summary>Read, but never part of an answer: turning tracing on must not empty the memory cache.</summary>
    private static readonly string[] Unrecorded = [Variables.Trace];

    private readonly IEnvironmentVariables _inner;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public RecordingEnvironment(IEnvironmentVariables inner) => _inner = inner;

    /// <summary>Every name read so far, sorted.</summary>
    public IReadOnlyList<string> NamesRead
    {
        get
        {
            lock (_read)
            {
                var names = _read.ToList();
                names.Sort(StringComparer.Ordinal);
                return names;
            }
        }
    }

    public string? Get(string name)
    {
        if (Array.IndexOf(Unrecorded, name) < 0)
        {
            lock (_read)
            {
                _read.Add(name);
            }
        }

        return _inner.Get(name);
    }

    /// <summary>A digest of the values of <paramref name="names"/> in <paramref name="environment"/> (unset ≠ empty).</summary>
    public static string Digest(IEnvironmentVariables environment, IEnumerable<string> names)
    {
        var text = new StringBuilder(512);
        foreach (string name in names)
        {
            text.Append(name).Append(environment.Get(name) is { } value ? "=" + value : "\u0001").Append('\0');
        }

        return Fnv.Hex128(text.ToString());
    }
}
