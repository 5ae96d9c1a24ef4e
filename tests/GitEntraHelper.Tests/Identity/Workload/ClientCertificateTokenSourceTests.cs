using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using GitEntraHelper.Diagnostics;
using GitEntraHelper.Identity.Workload;
using static GitEntraHelper.Tests.Identity.Workload.WorkloadTestData;

namespace GitEntraHelper.Tests.Identity.Workload;

public sealed class ClientCertificateTokenSourceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("workload-cert-").FullName;
    private readonly X509Certificate2 _certificate;

    public ClientCertificateTokenSourceTests()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=git-credential-entra test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    public void Dispose()
    {
        _certificate.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private string Write(string name, string text) { var p = Path.Combine(_dir, name); File.WriteAllText(p, text); return p; }
    private string Write(string name, byte[] bytes) { var p = Path.Combine(_dir, name); File.WriteAllBytes(p, bytes); return p; }

    private string CertificatePem => _certificate.ExportCertificatePem();
    private string KeyPem => _certificate.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem();

    [Fact]
    public void Loads_PEM_with_key_encrypted_PEM_and_PFX_with_or_without_password()
    {
        var pem = Write("plain.pem", CertificatePem + "\n" + KeyPem);
        var encryptedKey = _certificate.GetRSAPrivateKey()!.ExportEncryptedPkcs8PrivateKeyPem("pem-pass",
            new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 10_000));
        var encrypted = Write("encrypted.pem", KeyPem.Length > 0 ? encryptedKey + "\n" + CertificatePem : "");
        var pfx = Write("with-pass.pfx", _certificate.Export(X509ContentType.Pkcs12, "pfx-pass"));
        var pfxNoPass = Write("no-pass.pfx", _certificate.Export(X509ContentType.Pkcs12));

        foreach (var (path, password) in new[] { (pem, (Secret?)null), (encrypted, new Secret("pem-pass")), (pfx, new Secret("pfx-pass")), (pfxNoPass, null) })
        {
            using var loaded = CertificateLoader.FromFile(path, password);
            Assert.True(loaded.HasPrivateKey, path);
            Assert.Equal(_certificate.Thumbprint, loaded.Thumbprint);
        }
    }

    [Fact]
    public void Wrong_password_missing_key_and_missing_file_are_clear_lines()
    {
        var pfx = Write("p.pfx", _certificate.Export(X509ContentType.Pkcs12, "right"));
        var wrong = Assert.Throws<HelperException>(() => CertificateLoader.FromFile(pfx, new Secret("wrong")));
        Assert.Contains("AZURE_CLIENT_CERTIFICATE_PASSWORD", wrong.Message);
        Assert.DoesNotContain("wrong", wrong.Message.Replace("AZURE_CLIENT_CERTIFICATE_PASSWORD", ""));

        var noKey = Write("cert-only.pem", CertificatePem);
        Assert.Contains("no private key", Assert.Throws<HelperException>(() => CertificateLoader.FromFile(noKey, null)).Message);

        Assert.Contains("Cannot read", Assert.Throws<HelperException>(() => CertificateLoader.FromFile(Path.Combine(_dir, "absent.pem"), null)).Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Signs_a_client_assertion_with_the_certificate_and_sends_x5c_only_when_asked(bool sendX5c)
    {
        var pem = Write("sp.pem", CertificatePem + "\n" + KeyPem);
        var http = new FakeHttp(r => FakeHttp.Token("at-cert"));
        var source = ClientCertificateTokenSource.FromFile(Environment(http), ClientId, Tenant, pem, null, sendX5c);

        var result = await source.GetTokenAsync(Request(), CancellationToken.None);

        Assert.Equal("at-cert", result.Token.Reveal());
        var form = Assert.Single(http.TokenRequests).Form();
        Assert.Equal("urn:ietf:params:oauth:client-assertion-type:jwt-bearer", form["client_assertion_type"]);
        var header = Encoding.UTF8.GetString(Base64Url(form["client_assertion"].Split('.')[0]));
        Assert.Contains("\"x5t", header);
        Assert.Equal(sendX5c, header.Contains("\"x5c\"", StringComparison.Ordinal));
        var parts = form["client_assertion"].Split('.');
        using var rsa = _certificate.GetRSAPublicKey()!;
        Assert.True(rsa.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            || rsa.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pss),
            "the assertion is signed by the certificate's key");
    }

    private static byte[] Base64Url(string s)
    {
        s = s.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + (4 - s.Length % 4) % 4, '='));
    }
}
