using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using GitEntraHelper.Diagnostics;
using GitEntraHelper.Platform;

namespace GitEntraHelper.TokenCache;

/// <summary>
/// Whether this Linux process can reach a Secret Service at all — decided without a D-Bus call where
/// the environment already says (no session bus: how libsecret's GLib finds one, and fails, is mirrored
/// in <see cref="FromEnvironment"/>), else learned from the first libsecret failure that means "nobody
/// to talk to" (<see cref="Unreachable"/>). Either way the token cache then lives in the kernel keyring.
/// A Secret Service that answers but is locked is reachable: that failure is reported, never bypassed.
/// Unlike GCM, a missing DISPLAY is not taken to mean "no Secret Service" (GCM issues 2035, 2244: an
/// unlocked keyring is usable over SSH), and no reachable keyring means memory, not failure (565, 1810).
/// </summary>
internal sealed partial class SecretServiceReach(string? absent)
{
    /// <summary>Why no Secret Service is used here, or null while one may be reachable.</summary>
    public string? Absent { get; private set; } = absent;

    /// <summary>Remembers <paramref name="failure"/> as "no Secret Service" when it means that; false otherwise.</summary>
    public bool Learn(HelperException failure)
    {
        if (Absent is null && Unreachable(failure) is { } why)
        {
            Absent = why;
            return true;
        }

        return false;
    }

    /// <summary>
    /// GLib's session bus address (gdbusaddress.c): DBUS_SESSION_BUS_ADDRESS, else $XDG_RUNTIME_DIR/bus
    /// when it exists, else X11 autolaunch (dbus-launch) when DISPLAY is set. With none of them there is no
    /// bus, hence no Secret Service; a unix:path= address whose socket is gone is the same.
    /// </summary>
    public static SecretServiceReach FromEnvironment(IEnvironmentVariables environment)
    {
        if (!OperatingSystem.IsLinux())
        {
            return new SecretServiceReach(null);
        }

        string? address = environment.Get(Variables.DbusSessionBusAddress);
        if (!string.IsNullOrWhiteSpace(address))
        {
            return new SecretServiceReach(SocketOf(address.Trim()) is { } socket && !File.Exists(socket)
                ? $"the D-Bus session bus {socket} in {Variables.DbusSessionBusAddress} does not exist"
                : null);
        }

        string? runtime = environment.Get(Variables.XdgRuntimeDir);
        if (!string.IsNullOrEmpty(runtime) && Path.IsPathFullyQualified(runtime) && File.Exists(Path.Combine(runtime, "bus")))
        {
            return new SecretServiceReach(null);
        }

        // With a display GLib would start a bus through dbus-launch (package dbus-x11), if it is installed.
        bool canAutolaunch = !string.IsNullOrWhiteSpace(environment.Get(Variables.Display))
            && ExecutableSearch.Find("dbus-launch", environment) is not null;
        return new SecretServiceReach(canAutolaunch
            ? null
            : $"no D-Bus session bus: {Variables.DbusSessionBusAddress} is unset and there is no $XDG_RUNTIME_DIR/bus");
    }

    /// <summary>
    /// The failures that mean nothing provides the Secret Service: libsecret missing, or the bus answering
    /// ServiceUnknown for org.freedesktop.secrets (D-Bus error names are never translated, unlike GLib's
    /// messages), or GLib unable to autolaunch a bus. Null for anything else (locked, timed out, refused).
    /// </summary>
    internal static string? Unreachable(Exception failure) => Unreachable(failure, DbusErrorDomain);

    internal static string? Unreachable(Exception failure, Func<int> dbusErrorDomain)
    {
        for (Exception? e = failure; e is not null; e = e.InnerException)
        {
            if (e is DllNotFoundException or EntryPointNotFoundException)
            {
                return "libsecret is not installed";
            }

            // MSAL.Extensions reports libsecret's GError as "domain:'QUARK' code:'CODE' message:'...'"; GLib
            // translates the message but not the domain and code. G_DBUS_ERROR_SERVICE_UNKNOWN (2) and
            // NAME_HAS_NO_OWNER (3): the bus is there, and nobody on it is (or can be started as) the service.
            Match error = GError().Match(e.Message);
            if ((error.Success && error.Groups[2].Value is "2" or "3" && int.TryParse(error.Groups[1].Value, out int domain) && domain == dbusErrorDomain())
                || e.Message.Contains("org.freedesktop.DBus.Error.ServiceUnknown", StringComparison.Ordinal))
            {
                return "nothing provides org.freedesktop.secrets on the D-Bus session bus (no gnome-keyring or KeePassXC running)";
            }

            if (e.Message.Contains("Cannot autolaunch D-Bus", StringComparison.Ordinal))
            {
                return "no D-Bus session bus, and none can be started without X11";
            }
        }

        return null;
    }

    /// <summary>This process's quark of GDBus errors (quark numbers are assigned per process), or -1.</summary>
    private static int DbusErrorDomain()
    {
        try
        {
            return (int)g_quark_try_string("g-dbus-error-quark");
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return -1;
        }
    }

    [DllImport("libglib-2.0.so.0")]
    private static extern uint g_quark_try_string(string name);

    [GeneratedRegex(@"domain:'(\d+)' code:'(\d+)'")]
    private static partial Regex GError();

    /// <summary>The socket of a single "unix:path=..." address; null for any other form (abstract, tcp, lists).</summary>
    private static string? SocketOf(string address)
    {
        const string Prefix = "unix:path=";
        if (!address.StartsWith(Prefix, StringComparison.Ordinal) || address.Contains(';', StringComparison.Ordinal))
        {
            return null;
        }

        string rest = address[Prefix.Length..];
        int comma = rest.IndexOf(',', StringComparison.Ordinal);
        string path = Uri.UnescapeDataString(comma < 0 ? rest : rest[..comma]);
        return Path.IsPathFullyQualified(path) ? path : null;
    }
}
