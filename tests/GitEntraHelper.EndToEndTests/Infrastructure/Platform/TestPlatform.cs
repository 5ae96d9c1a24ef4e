namespace GitEntraHelper.EndToEndTests.Infrastructure.Platform;

/// <summary>
/// The one seam between the end-to-end tests and the system they run on. What every OS has (the
/// helper's build, its secret store, the emulator's CA trust) comes in this OS's form; what only
/// Linux has (gnome-keyring sessions, kernel keyrings, the seccomp no-keyring launcher) is here too,
/// and refuses to start elsewhere — the tests that need it are marked [OsFact(TestOs.Linux, ...)].
/// Tests use this class, never KeyringSession or KernelKeyrings directly (SelfTests check it).
/// </summary>
public static class TestPlatform
{
    public static TestOs Os => TestOsInfo.Current;

    /// <summary>The runtime the helper under test is published for (native AOT builds for this machine only).</summary>
    public static string HelperRuntime =>
        (Os switch { TestOs.Windows => "win", TestOs.MacOS => "osx", _ => "linux" })
        + (System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.Arm64 ? "-arm64" : "-x64");

    /// <summary>The helper's file name on this OS.</summary>
    public static string HelperFileName => Os == TestOs.Windows ? "git-credential-entra.exe" : "git-credential-entra";

    /// <summary>This OS's secret store for the helper's default cache protection, private to the caller where the OS allows.</summary>
    public static ISecretStore StartSecretStore() =>
        OperatingSystem.IsLinux() ? KeyringSession.Start()
        : OperatingSystem.IsMacOS() ? MacKeychainStore.OfThisRun()
        : new WindowsDpapiStore();

    /// <summary>
    /// Makes the helper (.NET) trust a test CA until disposed. Linux: nothing here — each sandbox sets
    /// SSL_CERT_FILE, which .NET on OpenSSL honours. Windows: SChannel reads the certificate store, so
    /// the CA goes into LocalMachine\Root (CurrentUser\Root asks a person to confirm; the runner is an
    /// administrator). macOS: the System keychain with trust for SSL (`sudo -n security
    /// add-trusted-cert`; user trust settings would need a person). git trusts it through GIT_SSL_CAINFO.
    /// </summary>
    public static IDisposable TrustCertificateAuthority(string caFile) =>
        OperatingSystem.IsWindows() ? WindowsRootTrust.Add(caFile)
        : OperatingSystem.IsMacOS() ? MacSystemTrust.Add(caFile)
        : NoTrustNeeded.Instance;

    /// <summary>Linux: a private D-Bus with gnome-keyring, unlocked (what <see cref="StartSecretStore"/> gives there).</summary>
    [SupportedOSPlatform("linux")]
    public static KeyringSession StartGnomeKeyring(string password = "gce-test-keyring") => Linux("gnome-keyring", () => KeyringSession.Start(password));

    /// <summary>Linux: a private D-Bus on which nothing serves the Secret Service.</summary>
    [SupportedOSPlatform("linux")]
    public static KeyringSession StartBusWithoutSecretService() => Linux("a D-Bus session", KeyringSession.StartWithoutSecretService);

    /// <summary>Linux: whether the kernel refuses keyring calls to this process (a container's seccomp profile).</summary>
    [SupportedOSPlatform("linux")]
    public static bool KernelRefusesKeyrings => Linux("kernel keyrings", () => KernelKeyrings.RefusedHere);

    /// <summary>Linux: the launcher that runs a command with every keyring system call refused.</summary>
    [SupportedOSPlatform("linux")]
    public static string NoKeyringLauncher => Linux("the seccomp no-keyring launcher", () => KernelKeyrings.NoKeyring);

    private static T Linux<T>(string what, Func<T> start) =>
        Os == TestOs.Linux
            ? start()
            : throw new PlatformNotSupportedException($"{what} exists on Linux only; mark the test [OsFact(TestOs.Linux, \"{what}\")].");
}
