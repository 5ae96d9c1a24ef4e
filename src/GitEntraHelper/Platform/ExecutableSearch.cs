namespace GitEntraHelper.Platform;

/// <summary>
/// Finds a program as git does: a name is looked up in the absolute directories of PATH only — never in
/// the current directory, which may be a cloned repository with a planted <c>git.exe</c> or <c>az.cmd</c>
/// (Windows' own search would look there first; empty and relative PATH entries mean it on Unix) — with
/// PATHEXT's extensions on Windows. A path is used as given.
/// </summary>
public static class ExecutableSearch
{
    public static string? Find(string program, IEnvironmentVariables environment) =>
        Find(program, environment.Get(Variables.Path), environment.Get(Variables.PathExt), OperatingSystem.IsWindows(), File.Exists);

    internal static string? Find(string program, string? path, string? pathExt, bool windows, Func<string, bool> fileExists)
    {
        if (program.Contains('/', StringComparison.Ordinal) || (windows && program.Contains('\\', StringComparison.Ordinal)))
        {
            return fileExists(program) ? program : null;
        }

        string[] extensions = windows
            ? [.. (pathExt ?? ".COM;.EXE;.BAT;.CMD").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]
            : [string.Empty];
        bool hasExtension = windows && Array.Exists(extensions, e => program.EndsWith(e, StringComparison.OrdinalIgnoreCase));
        char separator = windows ? ';' : ':';
        foreach (string directory in (path ?? string.Empty).Split(separator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!IsAbsolute(directory, windows))
            {
                continue; // ".", "bin", "": the current directory in disguise
            }

            if (hasExtension && fileExists(Join(directory, program, windows)))
            {
                return Join(directory, program, windows);
            }

            foreach (string extension in extensions)
            {
                string candidate = Join(directory, program + extension, windows);
                if (fileExists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static bool IsAbsolute(string directory, bool windows) =>
        windows
            ? directory.Length >= 3 && char.IsAsciiLetter(directory[0]) && directory[1] == ':' && directory[2] is '\\' or '/'
              || directory.StartsWith(@"\\", StringComparison.Ordinal)
            : directory.StartsWith('/');

    private static string Join(string directory, string file, bool windows) =>
        directory.EndsWith(windows ? '\\' : '/') || (windows && directory.EndsWith('/')) ? directory + file : directory + (windows ? "\\" : "/") + file;
}
