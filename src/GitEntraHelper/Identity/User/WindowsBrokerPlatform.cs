using System.Runtime.InteropServices;
using Microsoft.Identity.Client;

namespace GitEntraHelper.Identity.User;

/// <summary>
/// WAM (Windows 10+). WAM insists on a parent window; a console program gives the console's root owner
/// window so the dialog appears in front of the terminal instead of behind it.
/// </summary>
internal sealed class WindowsBrokerPlatform : IBrokerPlatform
{
    private const uint RootOwner = 3; // GA_ROOTOWNER

    private readonly Func<IntPtr> _consoleWindow;
    private readonly Func<IntPtr, IntPtr> _rootOwner;

    public WindowsBrokerPlatform()
        : this(GetConsoleWindow, hwnd => GetAncestor(hwnd, RootOwner))
    {
    }

    internal WindowsBrokerPlatform(Func<IntPtr> consoleWindow, Func<IntPtr, IntPtr> rootOwner)
    {
        _consoleWindow = consoleWindow;
        _rootOwner = rootOwner;
    }

    public BrokerOptions.OperatingSystems OperatingSystem => BrokerOptions.OperatingSystems.Windows;

    public BrokerStatus Probe() =>
        System.OperatingSystem.IsWindowsVersionAtLeast(10)
            ? new(true, "Web Account Manager")
            : new(false, "Web Account Manager needs Windows 10 or later");

    public IntPtr ParentWindow()
    {
        IntPtr console = _consoleWindow();
        if (console == IntPtr.Zero)
        {
            return IntPtr.Zero;
        }

        IntPtr owner = _rootOwner(console);
        return owner == IntPtr.Zero ? console : owner;
    }

    public Task<T> RunInteractiveAsync<T>(Func<Task<T>> work) => work();

    // Blittable signatures: plain DllImport needs no marshalling code and no unsafe blocks under AOT.
    [DllImport("kernel32.dll", ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
    private static extern IntPtr GetConsoleWindow();

    [DllImport("user32.dll", ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
    private static extern IntPtr GetAncestor(IntPtr hwnd, uint flags);
}
