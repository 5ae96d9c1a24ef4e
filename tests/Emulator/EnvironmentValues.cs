using Emulator.Certificates;
using Emulator.DevOps;
using Emulator.Oidc;

namespace Emulator;

/// <summary>The emulator.env contents: DESIGN.md's contract keys first, then the team's additions.</summary>
internal static class EnvironmentValues
{
    public static IEnumerable<KeyValuePair<string, string>> Create(
        EmulatorContext context, string caFile, string identityHeader, string federatedTokenFile, ClientCertificateFiles certificate)
    {
        var urls = context.Urls;
        var catalog = context.Catalog;
        return new Dictionary<string, string>
        {
            ["AZURE_AUTHORITY_HOST"] = urls.AuthorityHost,
            ["EMULATOR_TENANT_ID"] = catalog.MainTenant.Id,
            ["EMULATOR_DEVOPS_URL"] = urls.DevOpsUrl,
            ["EMULATOR_CA_FILE"] = caFile,
            ["EMULATOR_USER"] = catalog.User.Upn,
            ["EMULATOR_SP_CLIENT_ID"] = catalog.SecretClient.ClientId,
            ["EMULATOR_SP_CLIENT_SECRET"] = catalog.SecretClient.Secret!,
            ["EMULATOR_IDENTITY_ENDPOINT"] = urls.IdentityEndpoint,
            ["EMULATOR_IDENTITY_HEADER"] = identityHeader,
            ["EMULATOR_FEDERATED_TOKEN_FILE"] = federatedTokenFile,
            ["EMULATOR_WIF_CLIENT_ID"] = catalog.WorkloadClient.ClientId,
            ["EMULATOR_ADMIN_URL"] = urls.AdminUrl,
            ["EMULATOR_MSA_ORG"] = catalog.MsaOrganization.Name,
            ["EMULATOR_MSA_USER"] = catalog.MsaUser.Upn,

            ["EMULATOR_USER2"] = catalog.User2.Upn,
            ["EMULATOR_OTHER_TENANT_ID"] = catalog.OtherTenant.Id,
            ["EMULATOR_OTHER_TENANT_USER"] = catalog.OtherTenantUser.Upn,
            ["EMULATOR_NOACCESS_USER"] = catalog.NoAccessUser.Upn,
            ["EMULATOR_PUBLIC_CLIENT_ID"] = catalog.PublicClient.ClientId,
            ["EMULATOR_SP_CERT_CLIENT_ID"] = catalog.CertificateClient.ClientId,
            ["EMULATOR_SP_CERT_PEM"] = certificate.PemPath,
            ["EMULATOR_SP_CERT_PFX"] = certificate.PfxPath,
            ["EMULATOR_SP_CERT_PFX_PASSWORD"] = certificate.PfxPassword,
            ["EMULATOR_MI_USER_ASSIGNED_CLIENT_ID"] = catalog.UserManagedIdentity.ClientId,
            ["EMULATOR_MI_USER_ASSIGNED_RESOURCE_ID"] = catalog.UserManagedIdentity.ManagedIdentityResourceId!,
            ["EMULATOR_GITHUB_OIDC_REQUEST_URL"] = OidcServer.GitHubRequestUrl(context),
            ["EMULATOR_GITHUB_OIDC_REQUEST_TOKEN"] = context.GitHubRequestToken,
            ["EMULATOR_GITHUB_WIF_CLIENT_ID"] = catalog.GitHubClient.ClientId,
            ["EMULATOR_PIPELINES_OIDC_REQUEST_URI"] = PipelinesOidcEndpoint.RequestUri(context, catalog.Contoso),
            ["EMULATOR_PIPELINES_ACCESS_TOKEN"] = context.PipelinesAccessToken,
            ["EMULATOR_PIPELINES_SERVICE_CONNECTION_ID"] = catalog.PipelinesServiceConnectionId,
            ["EMULATOR_PIPELINES_WIF_CLIENT_ID"] = catalog.PipelinesClient.ClientId,
            ["EMULATOR_REPOS_DIR"] = context.RepositoriesDirectory,
        };
    }
}
