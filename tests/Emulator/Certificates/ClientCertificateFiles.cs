using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Emulator.Hosting;

namespace Emulator.Certificates;

/// <summary>
/// The certificate a service principal signs its client assertions with, written as PEM
/// (certificate + private key) and as a password-protected PFX, the two forms users configure.
/// </summary>
internal sealed class ClientCertificateFiles
{
    private ClientCertificateFiles(X509Certificate2 certificate, string pemPath, string pfxPath, string pfxPassword)
    {
        Certificate = certificate;
        PemPath = pemPath;
        PfxPath = pfxPath;
        PfxPassword = pfxPassword;
    }

    /// <summary>Public part only: what the app registration holds.</summary>
    public X509Certificate2 Certificate { get; }
    public string PemPath { get; }
    public string PfxPath { get; }
    public string PfxPassword { get; }

    public static ClientCertificateFiles Create(string directory)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=git-credential-entra emulator service principal", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(7));

        var pemPath = Path.Combine(directory, "sp-cert.pem");
        AtomicFile.Write(pemPath, certificate.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem() + "\n");

        var password = UrlSafe.RandomToken(12);
        var pfxPath = Path.Combine(directory, "sp-cert.pfx");
        AtomicFile.Write(pfxPath, certificate.Export(X509ContentType.Pkcs12, password));

        return new ClientCertificateFiles(X509CertificateLoader.LoadCertificate(certificate.RawData), pemPath, pfxPath, password);
    }
}
