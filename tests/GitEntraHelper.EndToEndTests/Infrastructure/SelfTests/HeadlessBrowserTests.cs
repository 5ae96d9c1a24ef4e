using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace GitEntraHelper.EndToEndTests.Infrastructure.SelfTests;

/// <summary>The BROWSER script follows an HTTPS page (signed by a test CA) to a loopback redirect, as MSAL's flow needs.</summary>
[SupportedOSPlatform("linux")]
public sealed class HeadlessBrowserTests
{
    [OsFact(TestOs.Linux, "Debian's headless Chromium")]
    public async Task FollowsAnHttpsRedirectToTheLoopbackListener()
    {
        using var sandbox = new GitSandbox();
        using var ca = CreateCertificateAuthority();
        var caFile = Path.Combine(sandbox.Root, "ca.pem");
        await File.WriteAllTextAsync(caFile, ca.ExportCertificatePem());

        using var loopback = new TcpListener(IPAddress.Loopback, 0);
        loopback.Start();
        var loopbackPort = ((IPEndPoint)loopback.LocalEndpoint).Port;
        using var https = new TcpListener(IPAddress.Loopback, 0);
        https.Start();
        var httpsPort = ((IPEndPoint)https.LocalEndpoint).Port;
        using var serverCertificate = CreateServerCertificate(ca);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        _ = ServeRedirectsAsync(https, serverCertificate, $"http://127.0.0.1:{loopbackPort}/?code=test-code", stop.Token);

        var logs = HeadlessBrowser.Install(sandbox, caFile);
        var opened = sandbox.Run(sandbox.Environment["BROWSER"]!, null, $"https://127.0.0.1:{httpsPort}/authorize?client_id=x");

        Assert.Equal(0, opened.ExitCode);
        Assert.True(opened.Duration < TimeSpan.FromSeconds(5), "BROWSER must return at once, like xdg-open");
        var request = await ReadRequestLineAsync(loopback, stop.Token)
            ?? throw new Xunit.Sdk.XunitException("Chromium never reached the loopback redirect.\n" + ReadLogs(logs));
        Assert.StartsWith("GET /?code=test-code ", request, StringComparison.Ordinal);

        // Chromium is still running in the background: disposing the sandbox ends it, and nothing
        // recreates the sandbox's directory afterwards.
        var root = sandbox.Root;
        sandbox.Dispose();
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(Directory.Exists(root), "something wrote into the sandbox after it was disposed");
        Assert.DoesNotContain(Directory.GetDirectories("/proc"), dir => CommandLine(dir).Contains(root, StringComparison.Ordinal));
    }

    private static string CommandLine(string procDirectory)
    {
        try
        {
            return File.ReadAllText(Path.Combine(procDirectory, "cmdline"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }

    private static string ReadLogs(string directory) =>
        string.Join("\n", Directory.GetFiles(directory, "*.log").Select(f => $"--- {Path.GetFileName(f)} ---\n{File.ReadAllText(f)}"));

    /// <summary>Accepts the first connection and returns its request line after answering a small page.</summary>
    private static async Task<string?> ReadRequestLineAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        try
        {
            using var client = await listener.AcceptTcpClientAsync(cancellationToken).ConfigureAwait(false);
            var stream = client.GetStream();
            var line = await new StreamReader(stream, Encoding.ASCII).ReadLineAsync(cancellationToken).ConfigureAwait(false);
            await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"), cancellationToken).ConfigureAwait(false);
            return line;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>An HTTPS server that answers every request with a 302 to <paramref name="location"/>.</summary>
    private static async Task ServeRedirectsAsync(TcpListener listener, X509Certificate2 certificate, string location, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            _ = Task.Run(async () =>
            {
                using (client)
                {
                    try
                    {
                        await using var tls = new SslStream(client.GetStream());
                        await tls.AuthenticateAsServerAsync(certificate).ConfigureAwait(false);
                        var reader = new StreamReader(tls, Encoding.ASCII);
                        while (!string.IsNullOrEmpty(await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false)))
                        {
                            // Skip the request line and headers.
                        }

                        await tls.WriteAsync(Encoding.ASCII.GetBytes(
                            $"HTTP/1.1 302 Found\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"), cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException or OperationCanceledException)
                    {
                        // A client that gave up (favicon, cancelled preconnect) is not the test's concern.
                    }
                }
            }, cancellationToken);
        }
    }

    private static X509Certificate2 CreateCertificateAuthority()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=gce self-test CA", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    private static X509Certificate2 CreateServerCertificate(X509Certificate2 ca)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        using var signed = request.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7), RandomNumberGenerator.GetBytes(16));
        using var withKey = signed.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }
}
