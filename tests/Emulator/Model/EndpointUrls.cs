namespace Emulator.Model;

/// <summary>Where each part of the emulator listens (ports chosen by the OS at start).</summary>
internal sealed record EndpointUrls(
    string AuthorityHost,      // https://127.0.0.1:P/  (ends with '/', as AZURE_AUTHORITY_HOST)
    string DevOpsUrl,          // https://127.0.0.1:P   (no trailing '/')
    string OidcBase,           // https://127.0.0.1:P/  (GitHub Actions / Azure Pipelines / Kubernetes issuers)
    string IdentityEndpoint,   // http://127.0.0.1:P/msi/token  (App Service style, plain http like App Service)
    string AdminUrl)           // http://127.0.0.1:P    (no trailing '/')
{
    public string EntraIssuer(string tenantId) => $"{AuthorityHost}{tenantId}/v2.0";

    public string TokenEndpoint(string tenantSegment) => $"{AuthorityHost}{tenantSegment}/oauth2/v2.0/token";

    public string DevOpsHostUrl => DevOpsUrl + "/";

    /// <summary>
    /// An organization's vssps endpoint (X-VSS-AuthorizationEndpoint; the PAT API lives under it). The
    /// real one is https://vssps.dev.azure.com/{org}/; here the host becomes the reserved first segment
    /// "_vssps" of the same host (no organization name starts with "_").
    /// </summary>
    public string VsspsUrl(string organization) => $"{DevOpsUrl}/{VsspsSegment}/{organization}/";

    public const string VsspsSegment = "_vssps";
}
