using Emulator.Tokens;

namespace Emulator.Oidc;

/// <summary>
/// The emulator's stand-ins for the workload issuers Entra federates with. They share one signing
/// key (published per issuer); Entra looks an issuer up by its URL to check an assertion.
/// </summary>
internal sealed class OidcIssuers
{
    private readonly string _baseUrl;

    public OidcIssuers(string baseUrl, SigningKey key)
    {
        _baseUrl = baseUrl;
        Key = key;
        GitHub = new OidcIssuer(baseUrl + "github", key);
        Kubernetes = new OidcIssuer(baseUrl + "kubernetes", key);
    }

    public SigningKey Key { get; }
    public OidcIssuer GitHub { get; }
    public OidcIssuer Kubernetes { get; }

    /// <summary>Azure Pipelines issues per organization (vstoken.dev.azure.com/{organizationId} in the wild).</summary>
    public string PipelinesIssuerUrl(string organizationId) => $"{_baseUrl}pipelines/{organizationId}";

    public OidcIssuer Pipelines(string organizationId) => new(PipelinesIssuerUrl(organizationId), Key);

    public OidcIssuer? FindByIssuer(string issuerUrl)
    {
        if (issuerUrl == GitHub.IssuerUrl)
        {
            return GitHub;
        }

        if (issuerUrl == Kubernetes.IssuerUrl)
        {
            return Kubernetes;
        }

        var prefix = _baseUrl + "pipelines/";
        return issuerUrl.StartsWith(prefix, StringComparison.Ordinal) && Guid.TryParse(issuerUrl[prefix.Length..], out _)
            ? new OidcIssuer(issuerUrl, Key)
            : null;
    }
}
