using GitEntraHelper.Platform;
namespace GitEntraHelper.Setup;

/// <summary>
/// The <c>credential.helper</c> value that makes git run this program, and the test for "is this value ours".
/// The short form <c>entra</c> (git runs <c>git credential-entra</c>, found on PATH) survives upgrades that
/// move the file; when this executable is not what PATH finds, its absolute path is written instead.
/// </summary>
public static class HelperValue
{
    public const string ShortForm = "entra";

    /// <summary>The value to write for the executable at <paramref name="executablePath"/>.</summary>
    public static string For(string executablePath, string? pathVariable, bool windows)
    {
        string fileName = windows ? HelperExecutable.ProgramName + ".exe" : HelperExecutable.ProgramName;
        string self = RealPath(executablePath);
        foreach (string directory in (pathVariable ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(directory.Trim('"'), fileName);
            if (File.Exists(candidate))
            {
                // The first match is what git would run: short form only when that is this very file.
                return SamePath(RealPath(candidate), self, windows) ? ShortForm : AbsoluteForm(self, windows);
            }
        }

        return AbsoluteForm(self, windows);
    }

    /// <summary>
    /// git runs an absolute-path helper through the shell, so a path with spaces or shell characters is
    /// written as a shell command (<c>!'C:/Program Files/…/git-credential-entra.exe'</c>).
    /// </summary>
    public static string AbsoluteForm(string path, bool windows)
    {
        string normalized = windows ? path.Replace('\\', '/') : path;
        foreach (char c in normalized)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-' or '+' or ':' or '@' or ','))
            {
                return "!'" + normalized.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
            }
        }

        return normalized;
    }

    /// <summary>True for any value configure could have written for some copy of this program.</summary>
    public static bool IsOurs(string value)
    {
        string v = value.Trim();
        if (v == ShortForm)
        {
            return true;
        }

        if (v.StartsWith('!'))
        {
            v = v[1..].Trim().Replace("'\\''", "'", StringComparison.Ordinal).Trim('\'', '"');
        }

        if (v.Length == 0 || !(v[0] == '/' || (v.Length > 2 && v[1] == ':')))
        {
            return false; // neither the short form nor an absolute path
        }

        string name = v[(v.LastIndexOfAny(['/', '\\']) + 1)..];
        return name is HelperExecutable.ProgramName || name.Equals(HelperExecutable.ProgramName + ".exe", StringComparison.OrdinalIgnoreCase);
    }

    private static string RealPath(string path)
    {
        string full = Path.GetFullPath(path);
        try
        {
            return File.ResolveLinkTarget(full, returnFinalTarget: true)?.FullName ?? full;
        }
        catch (IOException)
        {
            return full;
        }
    }

    private static bool SamePath(string a, string b, bool windows) =>
        string.Equals(a, b, windows ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
}
