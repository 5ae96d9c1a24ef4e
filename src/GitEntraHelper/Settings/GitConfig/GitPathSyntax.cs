namespace GitEntraHelper.Settings.GitConfig;

/// <summary>
/// How git's setup.c reads a path, per OS, for <see cref="RepositoryDiscovery"/>: Git for Windows takes
/// '\' and '/' alike (is_dir_sep), calls a path with a drive or a leading separator absolute
/// (is_absolute_path), and walks up no further than the drive's root "C:\" (offset_1st_component);
/// elsewhere only '/' separates and "/" is the root. A start that is none of these (relative, UNC, a
/// device path, "C:" without a separator) has no root here: discovery is unsure and git decides.
/// </summary>
internal readonly record struct GitPathSyntax(bool Windows)
{
    public static GitPathSyntax Current => new(OperatingSystem.IsWindows());

    private char Separator => Windows ? '\\' : '/';

    public bool IsSeparator(char c) => c == '/' || (Windows && c == '\\');

    public bool IsAbsolute(string path) => path.Length > 0 && (IsSeparator(path[0]) || (Windows && HasDrive(path)));

    /// <summary>The length of the root a walk up from <paramref name="path"/> ends at ("/" 1, "C:\" 3), or null (see the summary).</summary>
    public int? RootLength(string path) =>
        !Windows ? (path.StartsWith('/') ? 1 : null)
        : HasDrive(path) && path.Length >= 3 && IsSeparator(path[2]) ? 3 : null;

    /// <summary>The last separator's index, or -1.</summary>
    public int LastSeparator(string path) => Windows ? path.AsSpan().LastIndexOfAny('/', '\\') : path.LastIndexOf('/');

    /// <summary><paramref name="directory"/>/<paramref name="name"/>, without doubling a separator it ends with.</summary>
    public string Join(string directory, string name) =>
        directory.Length == 0 || IsSeparator(directory[^1]) ? directory + name : directory + Separator + name;

    /// <summary><paramref name="path"/> without trailing separators, never shorter than its root.</summary>
    public string TrimEnd(string path, int rootLength)
    {
        int end = path.Length;
        while (end > rootLength && IsSeparator(path[end - 1]))
        {
            end--;
        }

        return path[..end];
    }

    private static bool HasDrive(string path) => path.Length >= 2 && path[1] == ':' && char.IsAsciiLetter(path[0]);
}
