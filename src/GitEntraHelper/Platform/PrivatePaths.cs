using System.Runtime.InteropServices;
using GitEntraHelper.Diagnostics;

namespace GitEntraHelper.Platform;

/// <summary>
/// Folders and files another user of the machine cannot tamper with. Our state, cache, lock and trace files
/// live in folders we verify before use: a real directory (not a symlink), owned by us, writable by nobody
/// else — so nobody can plant a symlink or a file of their own in them (XDG_CACHE_HOME=/tmp/x, a folder
/// pre-created by someone else, GIT_ENTRA_TRACE in /tmp). The trace file itself is opened without following
/// a symlink and must be ours. Windows keeps these folders under %LOCALAPPDATA%, private by its ACL.
/// </summary>
public static class PrivatePaths
{
    private const UnixFileMode PrivateDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OthersMayWrite = UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;

    /// <summary>
    /// Creates <paramref name="directory"/> (and parents) 0700 if missing; refuses, with one line naming the fix,
    /// one of ours (it or an ancestor up to the one named <see cref="HelperPaths.DirectoryName"/>) that another
    /// user could write into.
    /// </summary>
    public static void EnsureDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
            return;
        }

        // Check what exists before creating anything in it, then what we created.
        Verify(directory);
        if (!Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory, PrivateDirectory);
            Verify(directory);
        }
    }

    /// <summary>The existing folders of <paramref name="directory"/>'s chain up to our own folder, each <see cref="Unsafe"/>-checked.</summary>
    private static void Verify(string directory)
    {
        string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        bool underOurFolder = full.Split(Path.DirectorySeparatorChar).Contains(HelperPaths.DirectoryName);
        for (string? current = full; current is not null; current = Path.GetDirectoryName(current))
        {
            if ((Directory.Exists(current) || new DirectoryInfo(current).LinkTarget is not null) && Unsafe(current) is { } why)
            {
                throw new HelperException($"refusing to keep files in {current}: {why}; make it yours alone (chmod 700) or point XDG_STATE_HOME/XDG_CACHE_HOME at a private folder");
            }

            // Up to our own folder; above it the user's home or XDG folder begins, not ours to judge.
            if (!underOurFolder || Path.GetFileName(current) == HelperPaths.DirectoryName)
            {
                return;
            }
        }
    }

    /// <summary>Why another user could change what <paramref name="directory"/> holds, or null when nobody but us can.</summary>
    public static string? Unsafe(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        var info = new DirectoryInfo(directory);
        if (info.LinkTarget is not null)
        {
            return "it is a symbolic link";
        }

        if ((info.UnixFileMode & OthersMayWrite) != 0)
        {
            return "other users can write to it";
        }

        return Owner(directory) is { } owner && owner != EffectiveUser() ? $"it belongs to another user (uid {owner})" : null;
    }

    /// <summary>
    /// Opens <paramref name="path"/> for appending, created 0600 if missing: never through a symbolic link, never in a
    /// folder other users can write to, never a file another user owns.
    /// </summary>
    /// <exception cref="IOException">It cannot be opened that way (the message says why).</exception>
    public static FileStream OpenAppend(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        }

        string folder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? "/";
        if (Unsafe(folder) is { } why)
        {
            throw new IOException($"{folder}: {why}; write the trace to a private folder, e.g. ~/entra-trace.log");
        }

        var flags = OperatingSystem.IsMacOS() ? MacFlags : LinuxFlags;
        int fd = open(path, flags.WriteOnly | flags.Append | flags.Create | flags.NoFollow | flags.CloseOnExec, 0x180 /* 0600 */);
        if (fd < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new IOException(errno == flags.LoopErrno ? "it is a symbolic link" : $"cannot open it (errno {errno})");
        }

        var handle = new Microsoft.Win32.SafeHandles.SafeFileHandle(fd, ownsHandle: true);
        if (Owner(path) is { } owner && owner != EffectiveUser())
        {
            handle.Dispose();
            throw new IOException($"it belongs to another user (uid {owner})");
        }

        return new FileStream(handle, FileAccess.Write, bufferSize: 0);
    }

    /// <summary>The owner of a path (not following a final symlink), or null where this platform cannot say cheaply.</summary>
    private static uint? Owner(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null; // macOS: the mode checks above still apply; ownership needs a per-architecture struct stat
        }

        // statx's buffer has one layout on every Linux architecture, unlike struct stat.
        Span<byte> buffer = stackalloc byte[256];
        return statx(AtFdCwd, path, AtSymlinkNoFollow, StatxUid, ref MemoryMarshal.GetReference(buffer)) == 0
            ? BitConverter.ToUInt32(buffer[20..24])
            : null;
    }

    private static uint EffectiveUser() => geteuid();

    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxUid = 0x8;

    private readonly record struct OpenFlags(int WriteOnly, int Append, int Create, int NoFollow, int CloseOnExec, int LoopErrno);

    // <fcntl.h> values: the generic Linux ones (x86-64, arm64) and Darwin's.
    private static readonly OpenFlags LinuxFlags = new(0x1, 0x400, 0x40, 0x20000, 0x80000, 40);
    private static readonly OpenFlags MacFlags = new(0x1, 0x8, 0x200, 0x100, 0x1000000, 62);

    [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false)]
    private static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, int mode);

    [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false)]
    private static extern int statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, ref byte buffer);

    [DllImport("libc")]
    private static extern uint geteuid();
}
