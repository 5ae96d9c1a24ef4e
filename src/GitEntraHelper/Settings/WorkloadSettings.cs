using GitEntraHelper.Diagnostics;
using GitEntraHelper.Platform;

namespace GitEntraHelper.Settings;

/// <summary>
/// Keys of the machine identities: what the user configures explicitly (GCM's azrepos* keys and ours),
/// and the variables by which an environment proves a workload identity (the Azure SDK's, the
/// platforms' managed identity endpoints, GitHub Actions' and Azure Pipelines' OIDC variables).
/// </summary>
public static partial class SettingKeys
{
    public static readonly SettingKey Identity = Define(
        "credential.entraIdentity", Variables.Identity, "auto",
        "how to get a token: auto (configured identity, then the environment's workload identity, then the Azure CLI if enabled, then the signed-in user) or one of managed-identity, service-principal, federated-token-file, github-actions, azure-pipelines, azure-cli, user", isProtected: true);

    public static readonly SettingKey ManagedIdentity = Define(
        "credential.azreposManagedIdentity", Variables.GcmManagedIdentity, null,
        "use a managed identity (as GCM): system, a client id (GUID or id://GUID), object://GUID or resource://RESOURCE-ID; configuring it also allows the instance metadata endpoint", isProtected: true);

    public static readonly SettingKey ServicePrincipal = Define(
        "credential.azreposServicePrincipal", Variables.GcmServicePrincipal, null,
        "use a service principal (as GCM): TENANT-ID/CLIENT-ID, with its secret or certificate in the keys below", isProtected: true);

    public static readonly SettingKey ServicePrincipalSecret = Define(
        "credential.azreposServicePrincipalSecret", Variables.GcmServicePrincipalSecret, null,
        "the configured service principal's client secret (as GCM)", isSecret: true, isProtected: true);

    public static readonly SettingKey ServicePrincipalCertificateThumbprint = Define(
        "credential.azreposServicePrincipalCertificateThumbprint", Variables.GcmServicePrincipalThumbprint, null,
        "the configured service principal's certificate, by thumbprint, in the user's or machine's personal store (as GCM)", isProtected: true);

    public static readonly SettingKey ServicePrincipalCertificatePath = Define(
        "credential.entraServicePrincipalCertificatePath", null, null,
        "the configured service principal's certificate file: PEM (certificate + private key) or PFX; its password in AZURE_CLIENT_CERTIFICATE_PASSWORD", isProtected: true);

    public static readonly SettingKey ServicePrincipalSendX5c = Define(
        "credential.azreposServicePrincipalCertificateSendX5C", Variables.GcmServicePrincipalSendX5c, null,
        "send the certificate chain (x5c) with the certificate assertion, for apps trusting subject name + issuer (as GCM)", isProtected: true);

    // GCM's workload identity federation keys (docs/configuration.md, credential.azreposWorkloadFederation*).
    public static readonly SettingKey WorkloadFederation = Define(
        "credential.azreposWorkloadFederation", Variables.GcmWorkloadFederation, null,
        "use workload identity federation (as GCM): generic (the assertion below), managedidentity (a managed identity's token as the assertion) or githubactions (the job's OIDC token)", isProtected: true);

    public static readonly SettingKey WorkloadFederationClientId = Define(
        "credential.azreposWorkloadFederationClientId", Variables.GcmWorkloadFederationClientId, null,
        "the application (client) id that federation signs in as (as GCM)", isProtected: true);

    public static readonly SettingKey WorkloadFederationTenantId = Define(
        "credential.azreposWorkloadFederationTenantId", Variables.GcmWorkloadFederationTenantId, null,
        "that application's tenant (as GCM; default: the organization's)", isProtected: true);

    public static readonly SettingKey WorkloadFederationAudience = Define(
        "credential.azreposWorkloadFederationAudience", Variables.GcmWorkloadFederationAudience, "api://AzureADTokenExchange",
        "the audience of the assertion requested from a managed identity or GitHub Actions (as GCM)", isProtected: true);

    public static readonly SettingKey WorkloadFederationAssertion = Define(
        "credential.azreposWorkloadFederationAssertion", Variables.GcmWorkloadFederationAssertion, null,
        "generic: the client assertion (a JWT), or file://PATH of a file holding it, read again for every grant (as GCM)", isSecret: true, isProtected: true);

    public static readonly SettingKey WorkloadFederationManagedIdentity = Define(
        "credential.azreposWorkloadFederationManagedIdentity", Variables.GcmWorkloadFederationManagedIdentity, null,
        "managedidentity: which managed identity gives the assertion, in credential.azreposManagedIdentity's forms (as GCM)", isProtected: true);

    public static readonly SettingKey AzureCli = Define(
        "credential.entraAzureCli", Variables.AzureCli, "false",
        "use the Azure CLI's session (az account get-access-token) when no workload identity applies, before the signed-in user", isProtected: true);

    public static readonly SettingKey ServiceConnectionId = Define(
        "credential.entraServiceConnectionId", Variables.PipelinesServiceConnectionId, null,
        "Azure Pipelines service connection id for workload identity federation (the AzureCLI@2 task sets the variable)", isProtected: true);

    public static readonly SettingKey NetworkTimeout = Define(
        "credential.entraNetworkTimeout", Variables.NetworkTimeout, "30",
        "seconds a machine identity's token request may take (Entra, managed identity endpoint, CI OIDC endpoint, Azure CLI)");

    // The environment's proof of a workload identity (Azure SDK names).
    public static readonly SettingKey AzureClientId = Define(null, Variables.AzureClientId, null,
        "application (client) id of the workload identity: with AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH, AZURE_FEDERATED_TOKEN_FILE or GitHub Actions OIDC; alone, a user-assigned managed identity");

    public static readonly SettingKey AzureTenantId = Define(null, Variables.AzureTenantId, null,
        "tenant of the workload identity (default: the organization's tenant)");

    public static readonly SettingKey AzureClientSecret = Define(null, Variables.AzureClientSecret, null,
        "client secret of AZURE_CLIENT_ID", isSecret: true);

    public static readonly SettingKey AzureClientCertificatePath = Define(null, Variables.AzureClientCertificatePath, null,
        "certificate of AZURE_CLIENT_ID: PEM (certificate + private key) or PFX");

    public static readonly SettingKey AzureClientCertificatePassword = Define(null, Variables.AzureClientCertificatePassword, null,
        "password of the certificate file, if any", isSecret: true);

    public static readonly SettingKey AzureClientSendCertificateChain = Define(null, Variables.AzureClientSendCertificateChain, null,
        "true: send the certificate chain (x5c) with the assertion");

    public static readonly SettingKey AzureFederatedTokenFile = Define(null, Variables.AzureFederatedTokenFile, null,
        "file holding a federated token for AZURE_CLIENT_ID (Kubernetes workload identity); re-read on every grant");

    public static readonly SettingKey IdentityEndpoint = Define(null, Variables.IdentityEndpoint, null,
        "managed identity endpoint of App Service / Functions (with IDENTITY_HEADER) or Azure Arc (with IMDS_ENDPOINT)");

    public static readonly SettingKey IdentityHeader = Define(null, Variables.IdentityHeader, null,
        "App Service / Functions managed identity header", isSecret: true);

    public static readonly SettingKey ImdsEndpoint = Define(null, Variables.ImdsEndpoint, null, "Azure Arc's metadata endpoint (with IDENTITY_ENDPOINT)");

    public static readonly SettingKey MsiEndpoint = Define(null, Variables.MsiEndpoint, null, "Cloud Shell's managed identity endpoint");

    public static readonly SettingKey GitHubOidcRequestUrl = Define(null, Variables.GitHubOidcRequestUrl, null,
        "GitHub Actions OIDC endpoint (present with `permissions: id-token: write`); with AZURE_CLIENT_ID");

    public static readonly SettingKey GitHubOidcRequestToken = Define(null, Variables.GitHubOidcRequestToken, null,
        "GitHub Actions OIDC request token", isSecret: true);

    public static readonly SettingKey PipelinesOidcRequestUri = Define(null, Variables.PipelinesOidcRequestUri, null,
        "Azure Pipelines OIDC endpoint; with SYSTEM_ACCESSTOKEN and the service connection id");

    public static readonly SettingKey PipelinesAccessToken = Define(null, Variables.PipelinesAccessToken, null,
        "the Azure Pipelines job token (map it into the step's env)", isSecret: true);

    public static readonly SettingKey PipelinesClientId = Define(null, Variables.PipelinesClientId, null,
        "client id of the Azure Pipelines service connection (else AZURE_CLIENT_ID)");

    public static readonly SettingKey PipelinesTenantId = Define(null, Variables.PipelinesTenantId, null,
        "tenant of the Azure Pipelines service connection (else AZURE_TENANT_ID, else the organization's)");
}

/// <summary>The ways of getting a token that <c>credential.entraIdentity</c> can name.</summary>
public enum IdentityWay
{
    Auto,
    ManagedIdentity,
    ServicePrincipal,
    FederatedTokenFile,
    GitHubActions,
    AzurePipelines,
    AzureCli,
    User,
}

public sealed partial class HelperSettings
{
    /// <summary>credential.entraIdentity; an unknown value is one line naming the accepted ones.</summary>
    public IdentityWay IdentityWay =>
        GetString(SettingKeys.Identity)?.Trim().ToLowerInvariant() switch
        {
            null or "" or "auto" => IdentityWay.Auto,
            "managed-identity" or "managedidentity" => IdentityWay.ManagedIdentity,
            "service-principal" or "serviceprincipal" => IdentityWay.ServicePrincipal,
            "federated-token-file" or "workload-identity" => IdentityWay.FederatedTokenFile,
            "github-actions" => IdentityWay.GitHubActions,
            "azure-pipelines" => IdentityWay.AzurePipelines,
            "azure-cli" => IdentityWay.AzureCli,
            "user" => IdentityWay.User,
            var other => throw new HelperException($"{DescribeSource(SettingKeys.Identity)} is '{other}': use auto, managed-identity, service-principal, federated-token-file, github-actions, azure-pipelines, azure-cli or user"),
        };

    /// <summary>The time-out of one machine identity token request.</summary>
    public TimeSpan WorkloadNetworkTimeout
    {
        get
        {
            var seconds = GetInt(SettingKeys.NetworkTimeout, 30);
            return seconds is >= 1 and <= 600
                ? TimeSpan.FromSeconds(seconds)
                : throw new HelperException($"{DescribeSource(SettingKeys.NetworkTimeout)} is '{seconds}': use a number of seconds between 1 and 600");
        }
    }

    /// <summary>A trimmed, non-empty value, or null.</summary>
    public string? GetTrimmed(SettingKey key) => GetString(key)?.Trim() is { Length: > 0 } v ? v : null;
}
