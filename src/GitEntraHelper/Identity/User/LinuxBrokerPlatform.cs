using GitEntraHelper.Platform;
using GitEntraHelper.Settings;
using Microsoft.Identity.Client;

namespace GitEntraHelper.Identity.User;

/// <summary>
/// Microsoft's identity broker for Linux. MSAL's runtime (libmsalruntime.so, shipped beside the binary)
/// needs WebKitGTK 4.1 and the broker's D-Bus service; MSAL throws wam_runtime_init_failed when they are
/// missing, so the broker is only tried when all three are on disk and a desktop session can show its UI.
/// </summary>
internal sealed class LinuxBrokerPlatform(Func<string, string?> environment, string baseDirectory, Func<string, bool> fileExists) : IBrokerPlatform
{
    private const string Runtime = "libmsalruntime.so";
    private const string WebKit = "libwebkit2gtk-4.1.so.0";
    private const string DbusService = "dbus-1/services/com.microsoft.identity.broker1.service";

    public BrokerOptions.OperatingSystems OperatingSystem => BrokerOptions.OperatingSystems.Linux;

    public BrokerStatus Probe()
    {
        if (!fileExists(Path.Combine(baseDirectory, Runtime)))
        {
            return new(false, $"{Runtime} is not installed beside the helper");
        }

        if (!LibraryDirectories().Any(d => fileExists(Path.Combine(d, WebKit))))
        {
            return new(false, $"{WebKit} is not installed (apt install libwebkit2gtk-4.1-0)");
        }

        if (!DataDirectories().Any(d => fileExists(Path.Combine(d, DbusService))))
        {
            return new(false, "the Microsoft identity broker is not installed (apt install microsoft-identity-broker)");
        }

        return InteractionPolicy.HasDesktop(environment)
            ? new(true, "Microsoft identity broker")
            : new(false, "no desktop session (DISPLAY and WAYLAND_DISPLAY are empty)");
    }

    public IntPtr ParentWindow() => IntPtr.Zero;

    public Task<T> RunInteractiveAsync<T>(Func<Task<T>> work) => work();

    /// <summary>Where the dynamic loader looks: LD_LIBRARY_PATH first, then the usual multiarch directories.</summary>
    internal IEnumerable<string> LibraryDirectories()
    {
        foreach (string dir in Split(environment(Variables.LdLibraryPath)))
        {
            yield return dir;
        }

        string triplet = System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture switch
        {
            System.Runtime.InteropServices.Architecture.Arm64 => "aarch64-linux-gnu",
            _ => "x86_64-linux-gnu",
        };
        yield return "/usr/lib/" + triplet;
        yield return "/lib/" + triplet;
        yield return "/usr/lib64";
        yield return "/usr/lib";
        yield return "/usr/local/lib";
    }

    /// <summary>XDG_DATA_DIRS (default /usr/local/share:/usr/share), where D-Bus finds activatable services.</summary>
    internal IEnumerable<string> DataDirectories()
    {
        string[] dirs = Split(environment(Variables.XdgDataDirs)).ToArray();
        return dirs.Length > 0 ? dirs : ["/usr/local/share", "/usr/share"];
    }

    private static IEnumerable<string> Split(string? list) =>
        (list ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
