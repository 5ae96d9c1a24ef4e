using System.Runtime.InteropServices;

namespace GitEntraHelper.Platform;

/// <summary>
/// Whole-file reads and standard-output writes straight through libc on Linux. The front's cached
/// answer reads a few small config files and writes a few lines; .NET's FileStream and console stream
/// first initialise file locking switches, the app-context store and the terminal (~100,000
/// instructions, 7 % of a cached `get`). Elsewhere these fall back to the .NET classes.
/// </summary>
public static class RawFile
{
    private const int ReadOnly = 0, ReadWrite = 2, CloseOnExec = 0x80000; // O_RDONLY, O_RDWR, O_CLOEXEC (Linux)
    private const int CoreFileLimit = 4; // RLIMIT_CORE (Linux)

    /// <summary>
    /// Run first, before any console set-up (Linux). A standard descriptor that the caller closed is
    /// given /dev/null, as git's sanitize_stdfds does: otherwise the next file .NET opens — the dup it
    /// makes of stderr for Console.Error — takes the free number, and a token written to "stdout"
    /// lands in the stderr file. And no core file: a crash must never leave a token on disk.
    /// </summary>
    public static void SecureStandardDescriptors()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        int fd = open("/dev/null", ReadWrite); // the lowest free number: 0, 1 or 2 when one is closed
        while (fd is >= 0 and <= 2)
        {
            fd = open("/dev/null", ReadWrite);
        }

        if (fd > 2)
        {
            close(fd);
        }

        var limit = default(ResourceLimit);
        if (getrlimit(CoreFileLimit, ref limit) == 0 && limit.Current != 0)
        {
            limit.Current = 0; // the soft limit only: a child may raise it again, as the user's shell could
            _ = setrlimit(CoreFileLimit, ref limit);
        }
    }

    /// <summary>The file's bytes, or null when it is larger than <paramref name="maxBytes"/>.</summary>
    /// <exception cref="IOException">It cannot be opened or read.</exception>
    [System.Runtime.CompilerServices.SkipLocalsInit] // the stack buffer is written before it is read
    public static byte[]? ReadAll(string path, long maxBytes)
    {
        if (!OperatingSystem.IsLinux())
        {
            return new FileInfo(path).Length > maxBytes ? null : File.ReadAllBytes(path);
        }

        int fd = open(path, ReadOnly | CloseOnExec);
        if (fd < 0)
        {
            throw new IOException($"cannot open {path} (errno {Marshal.GetLastPInvokeError()})");
        }

        try
        {
            var content = new MemoryStream();
            Span<byte> chunk = stackalloc byte[16 * 1024];
            while (true)
            {
                nint read = Read(fd, chunk);
                if (read < 0)
                {
                    throw new IOException($"cannot read {path} (errno {Marshal.GetLastPInvokeError()})");
                }

                if (read == 0)
                {
                    return content.ToArray();
                }

                if (content.Length + read > maxBytes)
                {
                    return null;
                }

                content.Write(chunk[..(int)read]);
            }
        }
        finally
        {
            close(fd);
        }
    }

    /// <summary>A stream that writes to standard output without .NET's console set-up (Linux).</summary>
    public static Stream StandardOutput() =>
        OperatingSystem.IsLinux() ? new DescriptorWriter(1) : Console.OpenStandardOutput();

    /// <summary>Writes all of <paramref name="bytes"/> to a file descriptor (Linux), again after EINTR; false (errno set) on failure.</summary>
    internal static unsafe bool WriteAll(int fd, ReadOnlySpan<byte> bytes)
    {
        const int Interrupted = 4; // EINTR
        fixed (byte* p = bytes)
        {
            for (int done = 0; done < bytes.Length;)
            {
                nint n = write(fd, p + done, bytes.Length - done);
                if (n > 0)
                {
                    done += (int)n;
                }
                else if (n == 0 || Marshal.GetLastPInvokeError() != Interrupted)
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>Closes a file descriptor (Linux): 0, or -1 with errno set.</summary>
    internal static int Close(int fd) => close(fd);

    private static unsafe nint Read(int fd, Span<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            return read(fd, p, buffer.Length);
        }
    }

    private sealed class DescriptorWriter(int fd) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (!WriteAll(fd, buffer))
            {
                throw new IOException($"cannot write to file descriptor {fd} (errno {Marshal.GetLastPInvokeError()})");
            }
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct ResourceLimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int getrlimit(int resource, ref ResourceLimit limit);

    [DllImport("libc", SetLastError = true)]
    private static extern int setrlimit(int resource, ref ResourceLimit limit);

    [DllImport("libc", SetLastError = true)]
    private static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern unsafe nint read(int fd, byte* buffer, nint count);

    [DllImport("libc", SetLastError = true)]
    private static extern unsafe nint write(int fd, byte* buffer, nint count);

    [DllImport("libc", SetLastError = true)]
    private static extern int close(int fd);
}
