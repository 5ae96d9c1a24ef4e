using System.Text;
using System.Text.RegularExpressions;

namespace Emulator.Hosting;

/// <summary>
/// Writes emulator.env: shell-sourceable KEY=VALUE lines, written atomically so a reader that
/// sees the file sees all of it. Values are quoted only when the shell would need it.
/// </summary>
internal static partial class EnvFile
{
    public const string FileName = "emulator.env";

    public static void Write(string directory, IEnumerable<KeyValuePair<string, string>> values)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in values)
        {
            text.Append(key).Append('=').Append(Quote(value)).Append('\n');
        }

        AtomicFile.Write(Path.Combine(directory, FileName), text.ToString());
    }

    private static string Quote(string value) =>
        SafeValue().IsMatch(value) ? value : "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [GeneratedRegex("^[A-Za-z0-9_./:@%+=,?-]*$")]
    private static partial Regex SafeValue();
}
