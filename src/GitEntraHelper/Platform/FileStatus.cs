using System.Runtime.InteropServices;

namespace GitEntraHelper.Platform;

/// <summary>What <see cref="FileStatus.Of"/> found at a path.</summary>
public enum FileKind
{
    Missing,
    File,
    Directory,
    SymbolicLink,
    Other,
}

/// <summary>A path's kind, size, owner and device (Linux: from statx; elsewhere owner 0 and device 0, unknown).</summary>
public readonly record struct FileInfoSnapshot(FileKind Kind, long Size, uint Owner, ulong Device);

/// <summary>
/// The file-system questions git's repository discovery asks — stat/lstat, access(X_OK), realpath,
/// readlink, the effective uid — answered as git's own C calls answer them, so code that must
/// decide exactly as git does (Settings/GitConfig/RepositoryDiscovery.cs) can. <see cref="Exact"/> is
/// false off Linux: the answers there are .NET approximations (no owner, no device).
/// </summary>
public static class FileStatus
{
    private const int CurrentDirectory = -100, NoFollow = 0x100; // AT_FDCWD, AT_SYMLINK_NOFOLLOW
    private const uint WantBasic = 0x7ff; // STATX_BASIC_STATS
    private const int Executable = 1; // X_OK

    /// <summary>True where owner, device, access and realpath are the kernel's own answers.</summary>
    public static bool Exact => OperatingSystem.IsLinux();

    /// <summary>The process's effective user id (0 off Linux).</summary>
    public static uint EffectiveUserId => OperatingSystem.IsLinux() ? geteuid() : 0;

    /// <summary>stat (or lstat with <paramref name="followLinks"/> false); Missing when it cannot be looked at, as git treats every failed stat.</summary>
    public static unsafe FileInfoSnapshot Of(string path, bool followLinks = true)
    {
        if (!OperatingSystem.IsLinux())
        {
            return Approximate(path, followLinks);
        }

        byte* buffer = stackalloc byte[256]; // struct statx
        if (statx(CurrentDirectory, path, followLinks ? 0 : NoFollow, WantBasic, buffer) != 0)
        {
            return new FileInfoSnapshot(FileKind.Missing, 0, 0, 0);
        }

        ushort mode = *(ushort*)(buffer + 28);
        FileKind kind = (mode & 0xf000) switch
        {
            0x8000 => FileKind.File,
            0x4000 => FileKind.Directory,
            0xa000 => FileKind.SymbolicLink,
            _ => FileKind.Other,
        };
        ulong device = ((ulong)*(uint*)(buffer + 136) << 32) | *(uint*)(buffer + 140); // stx_dev_major, stx_dev_minor
        return new FileInfoSnapshot(kind, *(long*)(buffer + 40), *(uint*)(buffer + 20), device);
    }

    /// <summary>access(path, X_OK) == 0: what git asks of a repository's objects/ and refs/.</summary>
    public static bool IsSearchable(string path) =>
        OperatingSystem.IsLinux() ? access(path, Executable) == 0 : Directory.Exists(path) || File.Exists(path);

    /// <summary>realpath(3): every link and '..' resolved; null when a component is missing.</summary>
    public static string? RealPath(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return Directory.Exists(path) || File.Exists(path) ? Path.GetFullPath(path) : null;
        }

        nint resolved = realpath(path, 0);
        if (resolved == 0)
        {
            return null;
        }

        try
        {
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            free(resolved);
        }
    }

    /// <summary>readlink(2): a symbolic link's target text, or null.</summary>
    public static string? LinkTarget(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static FileInfoSnapshot Approximate(string path, bool followLinks)
    {
        var info = new FileInfo(path);
        if (!followLinks && info.LinkTarget is not null)
        {
            return new FileInfoSnapshot(FileKind.SymbolicLink, 0, 0, 0);
        }

        return info.Exists ? new FileInfoSnapshot(FileKind.File, info.Length, 0, 0)
            : Directory.Exists(path) ? new FileInfoSnapshot(FileKind.Directory, 0, 0, 0)
            : new FileInfoSnapshot(FileKind.Missing, 0, 0, 0);
    }

    [DllImport("libc", SetLastError = true)]
    private static extern unsafe int statx(int directoryFd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte* buffer);

    [DllImport("libc", SetLastError = true)]
    private static extern int access([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int mode);

    [DllImport("libc", SetLastError = true)]
    private static extern nint realpath([MarshalAs(UnmanagedType.LPUTF8Str)] string path, nint resolved);

    [DllImport("libc")]
    private static extern void free(nint pointer);

    [DllImport("libc")]
    private static extern uint geteuid();
}
