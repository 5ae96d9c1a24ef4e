using GitEntraHelper.Diagnostics;
using GitEntraHelper.Platform;
using GitEntraHelper.Settings;
using GitEntraHelper.TokenCache;
using K = GitEntraHelper.Settings.SettingKeys;

namespace GitEntraHelper.Identity.Workload;

/// <summary>
/// Chooses a machine identity, in this documented order:
/// 1. explicit configuration: credential.entraIdentity naming a way; credential.azreposManagedIdentity;
///    credential.azreposWorkloadFederation (GCM's keys, <see cref="GcmWorkloadFederation"/>);
///    credential.azreposServicePrincipal (+ secret, thumbprint or certificate file) — GCM's order;
/// 2. the environment's proof: AZURE_CLIENT_ID with AZURE_CLIENT_SECRET, then with
///    AZURE_CLIENT_CERTIFICATE_PATH, then with AZURE_FEDERATED_TOKEN_FILE; Azure Pipelines OIDC
///    (SYSTEM_OIDCREQUESTURI + SYSTEM_ACCESSTOKEN + service connection id); GitHub Actions OIDC
///    (ACTIONS_ID_TOKEN_REQUEST_URL + _TOKEN + AZURE_CLIENT_ID); a managed identity endpoint
///    (IDENTITY_ENDPOINT + IDENTITY_HEADER or IMDS_ENDPOINT, MSI_ENDPOINT);
/// 3. the Azure CLI when credential.entraAzureCli is true.
/// Returns null when none applies (the signed-in user is next). Nothing is built unless chosen.
/// </summary>
internal static class WorkloadSources
{
    public static TokenSourceChoice? Choose(HelperSettings s, IdentityServices services) =>
        Choose(s, () => CreateEnvironment(s, services), () => services.Commands);

    internal static TokenSourceChoice? Choose(HelperSettings s, Func<WorkloadEnvironment> environment, Func<ICommandRunner> runner)
    {
        var way = s.IdentityWay;
        var named = $"{s.DescribeSource(K.Identity)} is {way switch { IdentityWay.ManagedIdentity => "managed-identity", IdentityWay.ServicePrincipal => "service-principal", IdentityWay.FederatedTokenFile => "federated-token-file", IdentityWay.GitHubActions => "github-actions", IdentityWay.AzurePipelines => "azure-pipelines", IdentityWay.AzureCli => "azure-cli", _ => "auto" }}";
        switch (way)
        {
            case IdentityWay.User:
                return null;
            case IdentityWay.ManagedIdentity:
                return ManagedIdentity(s, environment, explicitly: true, named) ?? throw Missing("managed-identity", "a managed identity endpoint");
            case IdentityWay.ServicePrincipal:
                return ConfiguredServicePrincipal(s, environment) ?? ServicePrincipalFromEnvironment(s, environment)
                    ?? throw Missing("service-principal", "credential.azreposServicePrincipal, or AZURE_CLIENT_ID with AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH");
            case IdentityWay.FederatedTokenFile:
                return FederatedTokenFile(s, environment) ?? throw Missing("federated-token-file", "AZURE_CLIENT_ID and AZURE_FEDERATED_TOKEN_FILE");
            case IdentityWay.AzurePipelines:
                return AzurePipelines(s, environment) ?? throw Missing("azure-pipelines", MissingPipelinesInputs(s));
            case IdentityWay.GitHubActions:
                return GitHubActions(s, environment) ?? throw Missing("github-actions", "ACTIONS_ID_TOKEN_REQUEST_URL, ACTIONS_ID_TOKEN_REQUEST_TOKEN (give the job `permissions: id-token: write`) and AZURE_CLIENT_ID");
            case IdentityWay.AzureCli:
                return AzureCli(s, runner, named);
        }

        if (s.GetTrimmed(K.ManagedIdentity) is not null)
            return ManagedIdentity(s, environment, explicitly: true, $"{s.DescribeSource(K.ManagedIdentity)} is set");
        return GcmWorkloadFederation.Choose(s, environment)
            ?? ConfiguredServicePrincipal(s, environment)
            ?? ServicePrincipalFromEnvironment(s, environment)
            ?? FederatedTokenFile(s, environment)
            ?? AzurePipelines(s, environment)
            ?? GitHubActions(s, environment)
            ?? ManagedIdentity(s, environment, explicitly: false, null)
            ?? (s.GetBool(K.AzureCli) ? AzureCli(s, runner, $"{s.DescribeSource(K.AzureCli)} is true") : null);
    }

    private static TokenSourceChoice? ManagedIdentity(HelperSettings s, Func<WorkloadEnvironment> environment, bool explicitly, string? reason)
    {
        var platform = ManagedIdentityPlatform(s);
        if (platform is null && !explicitly)
            return null; // never reach for IMDS unless asked to
        var configured = s.GetTrimmed(K.ManagedIdentity);
        var clientId = ClientId(s, K.AzureClientId);
        var kind = configured is not null ? ManagedIdentityKind.Parse(configured, s.DescribeSource(K.ManagedIdentity))
            : clientId is not null ? ManagedIdentityKind.ClientId(clientId, "environment variable AZURE_CLIENT_ID")
            : ManagedIdentityKind.System;
        platform ??= "the instance metadata service (IMDS)";
        reason ??= platform.Contains("App Service", StringComparison.Ordinal) ? "IDENTITY_ENDPOINT and IDENTITY_HEADER are set (environment)"
            : platform.Contains("Arc", StringComparison.Ordinal) ? "IDENTITY_ENDPOINT and IMDS_ENDPOINT are set (environment)"
            : platform.Contains("Service Fabric", StringComparison.Ordinal) ? "IDENTITY_ENDPOINT, IDENTITY_HEADER and IDENTITY_SERVER_THUMBPRINT are set (environment)"
            : "MSI_ENDPOINT is set (environment)";
        return new(new ManagedIdentityTokenSource(environment(), kind, platform), reason);
    }

    /// <summary>Which managed identity endpoint the environment proves, as MSAL will find it; null: none (IMDS would be next).</summary>
    internal static string? ManagedIdentityPlatform(HelperSettings s)
    {
        var endpoint = s.GetTrimmed(K.IdentityEndpoint);
        if (endpoint is not null && s.GetTrimmed(K.IdentityHeader) is not null)
            return s.Environment.Get(Variables.IdentityServerThumbprint) is { Length: > 0 } ? "the Service Fabric endpoint" : $"the App Service endpoint {Authority(endpoint)}";
        if (endpoint is not null && s.GetTrimmed(K.ImdsEndpoint) is not null)
            return $"the Azure Arc endpoint {Authority(endpoint)}";
        if (s.GetTrimmed(K.MsiEndpoint) is { } msi)
            return $"the Cloud Shell endpoint {Authority(msi)}";
        return null;
    }

    private static TokenSourceChoice? ConfiguredServicePrincipal(HelperSettings s, Func<WorkloadEnvironment> environment)
    {
        if (s.GetTrimmed(K.ServicePrincipal) is not { } value)
            return null;
        var origin = s.DescribeSource(K.ServicePrincipal);
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == value.Length - 1)
            throw new HelperException($"{origin} is '{value}': use TENANT-ID/CLIENT-ID");
        var (tenant, clientId) = (value[..slash].Trim(), value[(slash + 1)..].Trim());
        if (!Guid.TryParse(clientId, out _))
            throw new HelperException($"{origin} is '{value}': the part after '/' must be the application (client) id GUID");
        var reason = $"{origin} is set";
        var sendX5c = SendX5c(s);

        if (s.GetSecret(K.ServicePrincipalSecret) is { IsEmpty: false } secret)
            return new(new ClientSecretTokenSource(environment(), clientId, tenant, secret), reason + $" with {s.DescribeSource(K.ServicePrincipalSecret)}");
        if (s.GetTrimmed(K.ServicePrincipalCertificateThumbprint) is { } thumbprint)
            return new(ClientCertificateTokenSource.FromThumbprint(environment(), clientId, tenant, thumbprint, sendX5c), reason + $" with {s.DescribeSource(K.ServicePrincipalCertificateThumbprint)}");
        if ((s.GetTrimmed(K.ServicePrincipalCertificatePath) ?? s.GetTrimmed(K.AzureClientCertificatePath)) is { } path)
            return new(ClientCertificateTokenSource.FromFile(environment(), clientId, tenant, path, s.GetSecret(K.AzureClientCertificatePassword), sendX5c), reason + " with a certificate file");
        throw new HelperException($"{origin} is set but it has no credential: set credential.azreposServicePrincipalSecret, credential.azreposServicePrincipalCertificateThumbprint or credential.entraServicePrincipalCertificatePath.");
    }

    private static TokenSourceChoice? ServicePrincipalFromEnvironment(HelperSettings s, Func<WorkloadEnvironment> environment)
    {
        if (ClientId(s, K.AzureClientId) is not { } clientId)
            return null;
        var tenant = s.GetTrimmed(K.AzureTenantId);
        if (s.GetSecret(K.AzureClientSecret) is { IsEmpty: false } secret)
            return new(new ClientSecretTokenSource(environment(), clientId, tenant, secret), "AZURE_CLIENT_ID and AZURE_CLIENT_SECRET are set (environment)");
        if (s.GetTrimmed(K.AzureClientCertificatePath) is { } path)
            return new(ClientCertificateTokenSource.FromFile(environment(), clientId, tenant, path, s.GetSecret(K.AzureClientCertificatePassword), SendX5c(s)),
                "AZURE_CLIENT_ID and AZURE_CLIENT_CERTIFICATE_PATH are set (environment)");
        return null;
    }

    private static TokenSourceChoice? FederatedTokenFile(HelperSettings s, Func<WorkloadEnvironment> environment)
    {
        if (ClientId(s, K.AzureClientId) is not { } clientId || s.GetTrimmed(K.AzureFederatedTokenFile) is not { } file)
            return null;
        return new(new FederatedTokenFileTokenSource(environment(), clientId, s.GetTrimmed(K.AzureTenantId), file),
            "AZURE_CLIENT_ID and AZURE_FEDERATED_TOKEN_FILE are set (environment)");
    }

    private static TokenSourceChoice? AzurePipelines(HelperSettings s, Func<WorkloadEnvironment> environment)
    {
        var uri = s.GetTrimmed(K.PipelinesOidcRequestUri);
        var token = s.GetSecret(K.PipelinesAccessToken);
        var connection = s.GetTrimmed(K.ServiceConnectionId);
        var clientId = ClientId(s, K.PipelinesClientId) ?? ClientId(s, K.AzureClientId);
        if (uri is null || token is not { IsEmpty: false } systemToken || connection is null || clientId is null)
            return null;
        var tenant = s.GetTrimmed(K.PipelinesTenantId) ?? s.GetTrimmed(K.AzureTenantId);
        return new(new AzurePipelinesTokenSource(environment(), clientId, tenant, uri, systemToken, connection),
            $"SYSTEM_OIDCREQUESTURI, SYSTEM_ACCESSTOKEN and the service connection id ({s.DescribeSource(K.ServiceConnectionId)}) are set");
    }

    private static string MissingPipelinesInputs(HelperSettings s)
    {
        var missing = new List<string>();
        if (s.GetTrimmed(K.PipelinesOidcRequestUri) is null)
            missing.Add(Variables.PipelinesOidcRequestUri);
        if (s.GetSecret(K.PipelinesAccessToken) is not { IsEmpty: false })
            missing.Add("SYSTEM_ACCESSTOKEN (map it into the step's env)");
        if (s.GetTrimmed(K.ServiceConnectionId) is null)
            missing.Add("AZURESUBSCRIPTION_SERVICE_CONNECTION_ID or credential.entraServiceConnectionId");
        if ((ClientId(s, K.PipelinesClientId) ?? ClientId(s, K.AzureClientId)) is null)
            missing.Add("AZURESUBSCRIPTION_CLIENT_ID or AZURE_CLIENT_ID");
        return string.Join(", ", missing);
    }

    private static TokenSourceChoice? GitHubActions(HelperSettings s, Func<WorkloadEnvironment> environment)
    {
        var url = s.GetTrimmed(K.GitHubOidcRequestUrl);
        var token = s.GetSecret(K.GitHubOidcRequestToken);
        var clientId = ClientId(s, K.AzureClientId);
        if (url is null || token is not { IsEmpty: false } requestToken || clientId is null)
            return null;
        return new(new GitHubActionsTokenSource(environment(), clientId, s.GetTrimmed(K.AzureTenantId), url, requestToken),
            "ACTIONS_ID_TOKEN_REQUEST_URL, ACTIONS_ID_TOKEN_REQUEST_TOKEN and AZURE_CLIENT_ID are set (environment)");
    }

    private static TokenSourceChoice AzureCli(HelperSettings s, Func<ICommandRunner> runner, string reason) =>
        new(new AzureCliTokenSource(runner(), s.WorkloadNetworkTimeout, s.GetTrimmed(K.AzureTenantId)), reason);

    /// <summary>An application (client) id setting: a GUID or nothing. MSAL would throw a bare ArgumentException for anything else.</summary>
    private static string? ClientId(HelperSettings s, SettingKey key) =>
        s.GetTrimmed(key) is not { } value ? null
        : Guid.TryParse(value, out _) ? value
        : throw new HelperException($"{s.DescribeSource(key)} is '{value}': expected an application (client) id, a GUID such as 11111111-2222-3333-4444-555555555555");

    private static bool SendX5c(HelperSettings s) =>
        s.GetBool(K.ServicePrincipalSendX5c) || s.GetBool(K.AzureClientSendCertificateChain);

    private static HelperException Missing(string way, string what) =>
        new($"credential.entraIdentity is {way} but this environment lacks {what}.");

    private static string Authority(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) ? u.GetLeftPart(UriPartial.Authority) : "(invalid URL)";

    /// <summary>What every workload way shares in this run: authority, time-out, the encrypted app token cache, the trace.</summary>
    private static WorkloadEnvironment CreateEnvironment(HelperSettings s, IdentityServices services) =>
        new(s.AuthorityHost, s.WorkloadNetworkTimeout, TokenCachePersistence.Create(s, services.Paths, services.Trace), services.Trace);
}
