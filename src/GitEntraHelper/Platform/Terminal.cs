namespace GitEntraHelper.Platform;

/// <summary>Where sign-in instructions go. Never stdout: git reads the helper's stdout as the protocol answer.</summary>
public interface ITerminal
{
    /// <summary>True when a terminal can be opened (/dev/tty on Unix, CONOUT$ on Windows).</summary>
    bool IsAvailable { get; }

    /// <summary>Shows one line to the user.</summary>
    void WriteLine(string line);
}

/// <summary>
/// Writes to stderr, which git passes through to the user, and also to the controlling terminal when
/// stderr is redirected (e.g. <c>git clone 2&gt;log</c>) so the user still sees a device code.
/// </summary>
public sealed class ConsoleTerminal : ITerminal
{
    private readonly TextWriter _stderr;
    private readonly Lazy<bool> _available;

    public ConsoleTerminal(TextWriter stderr)
    {
        _stderr = stderr;
        _available = new Lazy<bool>(() => TryOpen() is { } s && Dispose(s));
    }

    public bool IsAvailable => _available.Value;

    public void WriteLine(string line)
    {
        string safe = OneLine(line);
        _stderr.WriteLine(safe);
        _stderr.Flush();
        if (Console.IsErrorRedirected && TryOpen() is { } tty)
        {
            using (tty)
            using (var writer = new StreamWriter(tty))
            {
                writer.WriteLine(safe);
            }
        }
    }

    /// <summary>Control characters from a server-provided message must not move the cursor or fake prompts.</summary>
    internal static string OneLine(string text)
    {
        var chars = text.ToCharArray();
        for (int i = 0; i < chars.Length; i++)
        {
            if (char.IsControl(chars[i]))
            {
                chars[i] = ' ';
            }
        }

        return new string(chars).Trim();
    }

    private static FileStream? TryOpen()
    {
        try
        {
            return new FileStream(OperatingSystem.IsWindows() ? "CONOUT$" : "/dev/tty", FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return null;
        }
    }

    private static bool Dispose(FileStream stream)
    {
        stream.Dispose();
        return true;
    }
}
