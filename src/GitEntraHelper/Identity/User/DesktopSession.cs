namespace GitEntraHelper.Identity.User;

/// <summary>Whether a browser or broker window can reach the user (not an SSH or container shell).</summary>
internal static class DesktopSession
{
    public static bool IsPresent(Func<string, string?> environment)
    {
        if (OperatingSystem.IsWindows())
        {
            return Environment.UserInteractive;
        }

        if (OperatingSystem.IsMacOS())
        {
            // Over SSH a browser would open on the Mac's screen, not in front of the user.
            return string.IsNullOrEmpty(environment("SSH_CONNECTION")) && string.IsNullOrEmpty(environment("SSH_TTY"));
        }

        return !string.IsNullOrWhiteSpace(environment("DISPLAY")) || !string.IsNullOrWhiteSpace(environment("WAYLAND_DISPLAY"));
    }
}
