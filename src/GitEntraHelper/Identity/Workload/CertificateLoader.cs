using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GitEntraHelper.Diagnostics;

namespace GitEntraHelper.Identity.Workload;

/// <summary>
/// Loads a service principal's certificate with its private key: a PEM file (certificate + key, the key
/// optionally encrypted), a PFX/PKCS#12 file (optionally password-protected), or a thumbprint in the
/// user's or machine's "My" store (GCM's azreposServicePrincipalCertificateThumbprint).
/// </summary>
internal static class CertificateLoader
{
    public static X509Certificate2 FromFile(string path, Secret? password)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HelperException($"Cannot read the client certificate '{path}' ({e.GetType().Name}): check AZURE_CLIENT_CERTIFICATE_PATH / credential.entraServicePrincipalCertificatePath.", 1, e);
        }

        X509Certificate2 certificate;
        try
        {
            certificate = LooksLikePem(bytes) ? FromPem(bytes, password) : FromPkcs12(bytes, password);
        }
        catch (CryptographicException e)
        {
            var hint = password is null
                ? "if the file is password-protected, set AZURE_CLIENT_CERTIFICATE_PASSWORD"
                : "check AZURE_CLIENT_CERTIFICATE_PASSWORD";
            throw new HelperException($"Cannot load the client certificate '{path}' as PEM or PFX: {hint}; a PEM file must hold the certificate and its private key.", 1, e);
        }

        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new HelperException($"The client certificate '{path}' has no private key: use a PEM file with the certificate and its key, or a PFX that includes the key.");
        }
        return certificate;
    }

    public static X509Certificate2 FromThumbprint(string thumbprint)
    {
        var wanted = thumbprint.Replace(" ", string.Empty, StringComparison.Ordinal).Replace(":", string.Empty, StringComparison.Ordinal);
        foreach (var location in new[] { StoreLocation.CurrentUser, StoreLocation.LocalMachine })
        {
            try
            {
                using var store = new X509Store(StoreName.My, location);
                store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
                var found = store.Certificates.Find(X509FindType.FindByThumbprint, wanted, validOnly: false);
                foreach (var c in found)
                {
                    if (c.HasPrivateKey)
                        return c;
                }
            }
            catch (CryptographicException)
            {
                // the store does not exist on this machine: try the next one
            }
        }
        throw new HelperException($"No certificate with a private key and thumbprint {wanted} in the user's or machine's personal store: install it, or set AZURE_CLIENT_CERTIFICATE_PATH to a PEM/PFX file.");
    }

    private static bool LooksLikePem(byte[] bytes)
    {
        var text = System.Text.Encoding.ASCII.GetString(bytes, 0, Math.Min(bytes.Length, 4096));
        return text.Contains("-----BEGIN", StringComparison.Ordinal);
    }

    private static X509Certificate2 FromPem(byte[] bytes, Secret? password)
    {
        var pem = System.Text.Encoding.UTF8.GetString(bytes);
        if (!pem.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
            return X509Certificate2.CreateFromPem(pem); // no key: the caller reports that clearly
        var encrypted = pem.Contains("-----BEGIN ENCRYPTED PRIVATE KEY-----", StringComparison.Ordinal);
        if (encrypted && password is null)
            throw new CryptographicException("encrypted private key without password");
        var certificate = encrypted
            ? X509Certificate2.CreateFromEncryptedPem(pem, pem, password!.Value.Reveal())
            : X509Certificate2.CreateFromPem(pem, pem);
        return certificate;
    }

    private static X509Certificate2 FromPkcs12(byte[] bytes, Secret? password) =>
        X509CertificateLoader.LoadPkcs12(bytes, password?.Reveal(), X509KeyStorageFlags.EphemeralKeySet);
}
