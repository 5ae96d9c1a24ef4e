using GitEntraHelper.Diagnostics;
using GitEntraHelper.Settings;

namespace GitEntraHelper.TokenCache;

/// <summary>The one-line messages the token cache shows; each names what to do.</summary>
internal static class CacheMessages
{
    /// <summary>The way out for a machine without a usable store, as the last hint of each message.</summary>
    public static readonly string OptIn =
        $"or keep tokens unencrypted instead: export {SettingKeys.CacheProtection.EnvironmentVariable}=plaintext "
        + $"(or git config --global {SettingKeys.CacheProtection.GitConfigKey} plaintext)";

    /// <summary>
    /// A shell with its own D-Bus session and an unlocked gnome-keyring (which --unlock creates the first time),
    /// for a machine without a desktop; tested as written (E2E SecretServiceCacheTests).
    /// </summary>
    public const string KeyringShell =
        "  dbus-run-session -- bash -c 'read -rsp \"keyring password: \" p; echo; printf %s \"$p\" | gnome-keyring-daemon --unlock >/dev/null; exec bash'";

    public static HelperException StoreUnavailable(string what, Exception error)
    {
        if (OperatingSystem.IsWindows())
        {
            return new($"cannot {what} the DPAPI-protected token cache ({Reason(error)})", inner: error) { Hints = [OptIn] };
        }

        if (OperatingSystem.IsMacOS())
        {
            return new($"cannot {what} the token cache in the macOS Keychain ({Reason(error)})", inner: error)
            {
                Hints = ["unlock the login keychain: security unlock-keychain", OptIn],
            };
        }

        if (error is DllNotFoundException or EntryPointNotFoundException)
        {
            return new("cannot protect the token cache: libsecret is not installed", inner: error)
            {
                Hints = ["Debian/Ubuntu: sudo apt install libsecret-1-0 gnome-keyring", "Fedora: sudo dnf install libsecret gnome-keyring", OptIn],
            };
        }

        return new($"cannot {what} the token cache in the Secret Service ({Reason(error)})", inner: error)
        {
            Hints =
            [
                "start and unlock a keyring such as gnome-keyring in this session; without a desktop, run git in a shell that has one:",
                KeyringShell,
                OptIn,
            ],
        };
    }

    public static HelperException StoreTimedOut(string what, TimeSpan timeout) =>
        new($"the {(OperatingSystem.IsMacOS() ? "Keychain" : OperatingSystem.IsWindows() ? "DPAPI store" : "Secret Service")} "
            + $"did not answer a {what} within {timeout.TotalSeconds:0} s (is the keyring locked and waiting for a password prompt?)")
        {
            Hints = ["unlock the keyring in this session", OptIn],
        };

    /// <summary>No Secret Service, and the kernel refuses keyrings too (a container's seccomp profile): the two ways on.</summary>
    public static HelperException NoStoreAtAll(string noSecretService, string kernelRefused) =>
        new($"cannot keep the token cache: no Secret Service is reachable ({noSecretService}) and {kernelRefused}")
        {
            Hints = ["start and unlock a keyring such as gnome-keyring; without a desktop, run git in a shell that has one:", KeyringShell, OptIn],
        };

    public static HelperException KernelRefused(string what, string reason) =>
        new($"the kernel would not {what} the token cache in its keyring ({reason})")
        {
            Hints = ["start and unlock a Secret Service such as gnome-keyring; without a desktop, run git in a shell that has one:", KeyringShell, OptIn],
        };

    /// <summary>A sign-in the kernel's per-user key quota cannot hold, even without its access and ID tokens.</summary>
    public static string KernelQuotaFull(int bytes, string reason, string? quota) =>
        $"warning: this sign-in is not kept for the next git command: the token cache needs {bytes} bytes of kernel memory ({reason}"
        + (quota is null ? string.Empty : $"; {quota}")
        + "): sign out accounts you no longer use (git credential-entra logout ORG), raise the quota (sudo sysctl kernel.keys.maxbytes=100000), "
        + "or start a Secret Service such as gnome-keyring";

    public static string FolderUnusable(string directory, Exception error) =>
        $"cannot use the token cache folder {directory} ({Reason(error)}): make it writable by you, or point XDG_STATE_HOME at a folder that is";

    public static string LockTimedOut(string path, TimeSpan timeout) =>
        $"the token cache stayed locked by another git-credential-entra process for {timeout.TotalSeconds:0} s ({path}): "
        + "if that process hangs, end it and retry";

    public static string SingleFlightTimedOut(string purpose, TimeSpan timeout, string? holder) =>
        $"gave up after {timeout.TotalSeconds:0} s waiting for another git-credential-entra process{(holder is null ? "" : $" ({holder})")} "
        + $"to finish {purpose}: complete or cancel that sign-in, or raise {SettingKeys.LockTimeout.EnvironmentVariable} ({SettingKeys.LockTimeout.GitConfigKey}, seconds)";

    /// <summary>
    /// The store's own reason, cut to one short line. libsecret errors arrive wrapped as
    /// "... message:'REASON'"; the reason never contains a secret.
    /// </summary>
    internal static string Reason(Exception error)
    {
        // MSAL.Extensions wraps the libsecret GError ("... message:'REASON'") in one or two layers of
        // "An exception was encountered while processing libsecret error information"; find it.
        const string marker = "message:'";
        string? text = null;
        for (var e = error; e is not null; e = e.InnerException)
        {
            // The deepest match is the GError itself; outer layers may quote it with a stack trace.
            var start = e.Message.IndexOf(marker, StringComparison.Ordinal);
            if (start >= 0)
            {
                start += marker.Length;
                var end = e.Message.IndexOf('\'', start);
                text = end > start ? e.Message[start..end] : e.Message[start..];
            }
        }

        text ??= error is DllNotFoundException ? "native library missing" : Innermost(error).Message;

        text = text.ReplaceLineEndings(" ").Trim();
        return text.Length > 200 ? text[..200] + "…" : text;
    }

    /// <summary>Every exception of the chain as "Type: message", for the trace (never shown as the one line).</summary>
    internal static string Chain(Exception error)
    {
        var parts = new List<string>();
        for (var e = error; e is not null; e = e.InnerException)
        {
            parts.Add($"{e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}");
        }

        return string.Join(" <- ", parts);
    }

    private static Exception Innermost(Exception error)
    {
        while (error.InnerException is not null)
        {
            error = error.InnerException;
        }

        return error;
    }
}
