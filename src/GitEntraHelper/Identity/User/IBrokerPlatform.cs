using Microsoft.Identity.Client;

namespace GitEntraHelper.Identity.User;

/// <summary>Whether the OS broker can be used, and if not, why (for the one trace line).</summary>
internal sealed record BrokerStatus(bool Available, string Reason);

/// <summary>
/// What differs per OS for the broker: WAM on Windows (parented to the console window), the Enterprise SSO
/// broker on macOS (main thread only), Microsoft's identity broker on Linux (only when really installed).
/// </summary>
internal interface IBrokerPlatform
{
    /// <summary>The MSAL flag for this OS.</summary>
    BrokerOptions.OperatingSystems OperatingSystem { get; }

    /// <summary>Cheap checks (files, OS version) made before MSAL is asked to load its runtime.</summary>
    BrokerStatus Probe();

    /// <summary>The window the broker dialog belongs to (Windows console); IntPtr.Zero elsewhere.</summary>
    IntPtr ParentWindow();

    /// <summary>Runs an interactive broker call where the OS needs it (the macOS main thread).</summary>
    Task<T> RunInteractiveAsync<T>(Func<Task<T>> work);
}

internal static class BrokerPlatform
{
    public static IBrokerPlatform ForCurrentOs(Func<string, string?> environment)
    {
        if (System.OperatingSystem.IsWindows())
        {
            return new WindowsBrokerPlatform();
        }

        if (System.OperatingSystem.IsMacOS())
        {
            return new MacBrokerPlatform(environment);
        }

        return new LinuxBrokerPlatform(environment, AppContext.BaseDirectory, File.Exists);
    }
}
