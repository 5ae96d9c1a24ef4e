using System.Text;

namespace GitEntraHelper.Fuzz.Harness;

/// <summary>An invariant a target asserts was broken by one input: always a finding, never expected.</summary>
internal sealed class InvariantViolation(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The checks every target shares.</summary>
internal static class Invariant
{
    public static void Holds(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvariantViolation(what);
        }
    }

    /// <summary>
    /// A message the user sees as `git-credential-entra: …`: one non-empty line. (Other control
    /// characters are turned into spaces where every line is printed: Diagnostics/Redactor.)
    /// </summary>
    public static void IsOneLine(string message, string what)
    {
        Holds(message.Length > 0, $"{what}: empty message");
        Holds(message.AsSpan().IndexOfAny('\r', '\n') < 0, $"{what}: message is not one line: {Show(message)}");
    }

    /// <summary>git's framing: every line `key=value` with a non-empty key, LF-terminated, no NUL or CR anywhere.</summary>
    public static void IsWellFormedCredentialOutput(byte[] written)
    {
        Holds(written.AsSpan().IndexOfAny((byte)0, (byte)'\r') < 0, "output contains a NUL or CR");
        if (written.Length == 0)
        {
            return;
        }

        Holds(written[^1] == (byte)'\n', "output does not end with LF");
        foreach (string line in Encoding.UTF8.GetString(written, 0, written.Length - 1).Split('\n'))
        {
            Holds(line.IndexOf('=', StringComparison.Ordinal) > 0, $"output line without key=value: {Show(line)}");
        }
    }

    /// <summary>A value for a violation message: escaped and cut, so the report stays one readable line.</summary>
    public static string Show(string? value)
    {
        if (value is null)
        {
            return "(null)";
        }

        var text = new StringBuilder(value.Length + 2).Append('"');
        foreach (char c in value.Length > 200 ? value[..200] : value)
        {
            text.Append(c < ' ' || c == '\u007f' ? $"\\x{(int)c:x2}" : c.ToString());
        }

        return text.Append(value.Length > 200 ? "\"…" : "\"").ToString();
    }
}
