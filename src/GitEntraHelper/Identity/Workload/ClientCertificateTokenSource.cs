using System.Security.Cryptography.X509Certificates;
using GitEntraHelper.Diagnostics;
using Microsoft.Identity.Client.AppConfig;
using Microsoft.Identity.Client.Extensibility;

namespace GitEntraHelper.Identity.Workload;

/// <summary>
/// A service principal proving itself with a certificate (AZURE_CLIENT_CERTIFICATE_PATH: PEM or PFX,
/// optional password; or GCM's thumbprint key). With send-x5c the public chain travels with the
/// assertion, for apps that trust subject name + issuer (certificate rotation without re-upload).
/// </summary>
internal sealed class ClientCertificateTokenSource : ITokenSource, ICachePartitioned
{
    private readonly AppTokenClient _client;
    private readonly string _describe;

    /// <param name="loadCertificate">Loads the certificate only when a grant is needed, so a cached token costs no disk read.</param>
    public ClientCertificateTokenSource(WorkloadEnvironment environment, string clientId, string? tenantId,
        Func<X509Certificate2> loadCertificate, bool sendX5c)
    {
        _describe = $"service principal {clientId} (certificate)";
        var certificate = new Lazy<X509Certificate2>(loadCertificate);
        _client = new AppTokenClient(environment, clientId, tenantId,
            b => b.WithCertificate(_ => Task.FromResult(certificate.Value), new CertificateOptions { SendX5C = sendX5c }));
    }

    public static ClientCertificateTokenSource FromFile(WorkloadEnvironment environment, string clientId, string? tenantId, string path, Secret? password, bool sendX5c) =>
        new(environment, clientId, tenantId, () => CertificateLoader.FromFile(path, password), sendX5c);

    public static ClientCertificateTokenSource FromThumbprint(WorkloadEnvironment environment, string clientId, string? tenantId, string thumbprint, bool sendX5c) =>
        new(environment, clientId, tenantId, () => CertificateLoader.FromThumbprint(thumbprint), sendX5c);

    public string CachePartition => _client.CachePartition;

    public string Name => "service-principal-certificate";

    public async Task<AccessTokenResult> GetTokenAsync(TokenRequest request, CancellationToken cancellationToken)
    {
        var result = await _client.AcquireAsync(request, _describe, null, cancellationToken).ConfigureAwait(false);
        return new AccessTokenResult(new Secret(result.AccessToken), result.ExpiresOn, _describe);
    }

    public Task ForgetAsync(TokenRequest request, CancellationToken cancellationToken) =>
        _client.ForgetAsync(request, _describe, null, cancellationToken);
}
