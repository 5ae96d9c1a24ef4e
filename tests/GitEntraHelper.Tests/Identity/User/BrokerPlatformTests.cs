using GitEntraHelper.Identity.User;
using Microsoft.Identity.Client;

namespace GitEntraHelper.Tests.Identity.User;

/// <summary>The Linux broker's probe: its library and service file paths and LD_LIBRARY_PATH are Linux's.</summary>
[Trait(OsTraits.Name, OsTraits.Linux)]
public sealed class LinuxBrokerPlatformTests
{
    private readonly HashSet<string> _files = ["/opt/helper/libmsalruntime.so", "/usr/lib/x86_64-linux-gnu/libwebkit2gtk-4.1.so.0", "/usr/share/dbus-1/services/com.microsoft.identity.broker1.service"];
    private readonly Dictionary<string, string> _env = new() { ["DISPLAY"] = ":0" };

    [Fact]
    public void Available_only_when_runtime_webkit_broker_service_and_desktop_are_all_there()
    {
        Assert.True(Probe().Available);
        Assert.Equal(BrokerOptions.OperatingSystems.Linux, Platform().OperatingSystem);
    }

    [Fact]
    public void Missing_webkit_is_named_with_the_package_to_install()
    {
        _files.Remove("/usr/lib/x86_64-linux-gnu/libwebkit2gtk-4.1.so.0");

        BrokerStatus status = Probe();

        Assert.False(status.Available);
        Assert.Contains("libwebkit2gtk-4.1", status.Reason);
    }

    [Fact]
    public void Webkit_on_LD_LIBRARY_PATH_counts()
    {
        _files.Remove("/usr/lib/x86_64-linux-gnu/libwebkit2gtk-4.1.so.0");
        _files.Add("/custom/lib/libwebkit2gtk-4.1.so.0");
        _env["LD_LIBRARY_PATH"] = "/nowhere:/custom/lib";

        Assert.True(Probe().Available);
    }

    [Fact]
    public void Missing_runtime_beside_the_helper()
    {
        _files.Remove("/opt/helper/libmsalruntime.so");

        Assert.Contains("libmsalruntime.so", Probe().Reason);
    }

    [Fact]
    public void Missing_broker_service_honours_XDG_DATA_DIRS()
    {
        _env["XDG_DATA_DIRS"] = "/other/share";

        BrokerStatus status = Probe();

        Assert.False(status.Available);
        Assert.Contains("microsoft-identity-broker", status.Reason);
    }

    [Fact]
    public void No_desktop_session_no_broker()
    {
        _env.Remove("DISPLAY");

        Assert.Contains("no desktop session", Probe().Reason);
        _env["WAYLAND_DISPLAY"] = "wayland-0";
        Assert.True(Probe().Available);
    }

    private BrokerStatus Probe() => Platform().Probe();

    private LinuxBrokerPlatform Platform() => new(n => _env.GetValueOrDefault(n), "/opt/helper", _files.Contains);
}

public sealed class WindowsBrokerPlatformTests
{
    [Fact]
    public void Parent_window_is_the_consoles_root_owner()
    {
        var platform = new WindowsBrokerPlatform(() => 100, hwnd => hwnd == 100 ? 42 : 0);

        Assert.Equal(42, platform.ParentWindow());
        Assert.Equal(BrokerOptions.OperatingSystems.Windows, platform.OperatingSystem);
    }

    [Fact]
    public void Console_without_owner_is_its_own_parent() =>
        Assert.Equal(100, new WindowsBrokerPlatform(() => 100, _ => 0).ParentWindow());

    [Fact]
    public void No_console_no_parent() =>
        Assert.Equal(0, new WindowsBrokerPlatform(() => 0, _ => throw new InvalidOperationException("not called")).ParentWindow());

    [Fact]
    public void Probe_requires_windows_10() =>
        Assert.Equal(OperatingSystem.IsWindowsVersionAtLeast(10), new WindowsBrokerPlatform(() => 0, _ => 0).Probe().Available);
}

public sealed class MacBrokerPlatformTests
{
    [Fact]
    public void Needs_company_portal_a_desktop_and_the_main_thread_loop()
    {
        var env = new Dictionary<string, string>();
        bool portal = false, loop = false;
        var platform = new MacBrokerPlatform(n => env.GetValueOrDefault(n), _ => portal, () => loop);

        Assert.Contains("Company Portal", platform.Probe().Reason);
        portal = true;
        env["SSH_CONNECTION"] = "1.2.3.4 5 6.7.8.9 22";
        Assert.Contains("SSH", platform.Probe().Reason);
        env.Clear();
        Assert.Contains("main-thread", platform.Probe().Reason);
        loop = true;
        Assert.True(platform.Probe().Available);
        Assert.Equal(BrokerOptions.OperatingSystems.OSX, platform.OperatingSystem);
    }
}
