using System.Security.Cryptography.X509Certificates;

namespace GitEntraHelper.EndToEndTests.Infrastructure.Platform;

/// <summary>Linux: the sandboxes' SSL_CERT_FILE is enough.</summary>
internal sealed class NoTrustNeeded : IDisposable
{
    public static readonly NoTrustNeeded Instance = new();

    public void Dispose()
    {
    }
}

/// <summary>Windows: the test CA in LocalMachine\Root for as long as the emulator runs.</summary>
[SupportedOSPlatform("windows")]
internal sealed class WindowsRootTrust : IDisposable
{
    private readonly X509Certificate2 _ca;

    private WindowsRootTrust(X509Certificate2 ca) => _ca = ca;

    public static WindowsRootTrust Add(string caFile)
    {
        var ca = X509Certificate2.CreateFromPemFile(caFile);
        using var store = new X509Store(StoreName.Root, StoreLocation.LocalMachine);
        store.Open(OpenFlags.ReadWrite);
        store.Add(ca);
        return new WindowsRootTrust(ca);
    }

    public void Dispose()
    {
        using var store = new X509Store(StoreName.Root, StoreLocation.LocalMachine);
        store.Open(OpenFlags.ReadWrite);
        store.Remove(_ca);
        _ca.Dispose();
    }
}

/// <summary>macOS: the test CA trusted for SSL in the System keychain for as long as the emulator runs.</summary>
internal sealed class MacSystemTrust : IDisposable
{
    private const string SystemKeychain = "/Library/Keychains/System.keychain";
    private readonly string _caFile;

    private MacSystemTrust(string caFile) => _caFile = caFile;

    public static MacSystemTrust Add(string caFile)
    {
        Sudo("security", "add-trusted-cert", "-d", "-r", "trustRoot", "-p", "ssl", "-k", SystemKeychain, caFile);
        return new MacSystemTrust(caFile);
    }

    public void Dispose()
    {
        Sudo("security", "remove-trusted-cert", "-d", _caFile);
        Sudo("security", "delete-certificate", "-Z", Sha1(_caFile), SystemKeychain);
    }

    private static string Sha1(string caFile)
    {
        using var ca = X509Certificate2.CreateFromPemFile(caFile);
        return ca.Thumbprint;
    }

    // -n: never wait for a password; the runner's sudo needs none.
    private static void Sudo(params string[] command) =>
        ProcessRunner.RunAsync("sudo", ["-n", .. command], null, null, null, TimeSpan.FromSeconds(60)).GetAwaiter().GetResult().EnsureSuccess();
}
