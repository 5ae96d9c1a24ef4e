using System.Net;
using System.Net.Sockets;
using GitEntraHelper.EndToEndTests.Infrastructure;

namespace GitEntraHelper.EndToEndTests.Foundation;

/// <summary>Helpers the foundation end-to-end tests share: a second helper to fall through to, a seeded tenant cache.</summary>
internal static class FoundationSandbox
{
    public const string Tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";

    /// <summary>The published helper first, then a shell helper that answers every request with a known password.</summary>
    public static GitSandbox WithNextHelper(GitKind git)
    {
        var sandbox = new GitSandbox(git);
        sandbox.UseHelper();
        sandbox.AddConfig("credential.helper", "!f() { cat >/dev/null; echo username=next-user; echo password=from-next-helper; }; f");
        return sandbox;
    }

    /// <summary>Writes the tenant cache file the helper reads, so no probe (and no network) is needed.</summary>
    public static void SeedTenant(GitSandbox sandbox, string fileName)
    {
        var directory = Path.Combine(sandbox.CacheHome, "git-credential-entra", "tenants");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, fileName), Tenant + "\n");
    }

    /// <summary>A loopback port nothing listens on (connections are refused at once).</summary>
    public static int ClosedLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Lines the helper wrote to stderr (git's own lines do not start with our name).</summary>
    public static IReadOnlyList<string> HelperLines(ProcessResult result) =>
        result.HelperMessages; // each with its hint: lines
}
