namespace GitEntraHelper.Platform;

/// <summary>
/// The name of every environment variable the helper reads, defined once. Constants on purpose: the
/// Linux front reads a few without building the Settings catalogue. Settings/SettingKeys registers each
/// with its meaning (a unit test checks none is missing), and no other file spells a variable's name.
/// </summary>
public static class Variables
{
    // Our own switches.
    public const string Trace = "GIT_ENTRA_TRACE";
    public const string TenantId = "GIT_ENTRA_TENANT_ID";
    public const string CacheProtection = "GIT_ENTRA_CACHE_PROTECTION";
    public const string LockTimeout = "GIT_ENTRA_LOCK_TIMEOUT";
    public const string MemoryCache = "GIT_ENTRA_MEMORY_CACHE";
    public const string ClientId = "GIT_ENTRA_CLIENT_ID";
    public const string Identity = "GIT_ENTRA_IDENTITY";
    public const string AzureCli = "GIT_ENTRA_AZURE_CLI";
    public const string NetworkTimeout = "GIT_ENTRA_NETWORK_TIMEOUT";
    public const string KeyringTimeout = "GIT_ENTRA_KEYRING_TIMEOUT";
    public const string BrowserTimeout = "GIT_ENTRA_BROWSER_TIMEOUT";
    public const string BrokerRedirectUri = "GIT_ENTRA_BROKER_REDIRECT_URI";

    // GCM's names, for users who migrate.
    public const string GcmMsAuthFlow = "GCM_MSAUTH_FLOW";
    public const string GcmInteractive = "GCM_INTERACTIVE";
    public const string GcmMsAuthUseBroker = "GCM_MSAUTH_USEBROKER";
    public const string GcmCredentialType = "GCM_AZREPOS_CREDENTIALTYPE";
    public const string GcmWorkloadFederation = "GCM_AZREPOS_WIF";
    public const string GcmWorkloadFederationClientId = "GCM_AZREPOS_WIF_CLIENTID";
    public const string GcmWorkloadFederationTenantId = "GCM_AZREPOS_WIF_TENANTID";
    public const string GcmWorkloadFederationAudience = "GCM_AZREPOS_WIF_AUDIENCE";
    public const string GcmWorkloadFederationAssertion = "GCM_AZREPOS_WIF_ASSERTION";
    public const string GcmWorkloadFederationManagedIdentity = "GCM_AZREPOS_WIF_MANAGEDIDENTITY";
    public const string GcmManagedIdentity = "GCM_AZREPOS_MANAGEDIDENTITY";
    public const string GcmServicePrincipal = "GCM_AZREPOS_SERVICE_PRINCIPAL";
    public const string GcmServicePrincipalSecret = "GCM_AZREPOS_SP_SECRET";
    public const string GcmServicePrincipalThumbprint = "GCM_AZREPOS_SP_CERT_THUMBPRINT";
    public const string GcmServicePrincipalSendX5c = "GCM_AZREPOS_SP_CERT_SEND_X5C";

    // The Azure SDK's names for a workload identity and the authority.
    public const string AuthorityHost = "AZURE_AUTHORITY_HOST";
    public const string AzureClientId = "AZURE_CLIENT_ID";
    public const string AzureTenantId = "AZURE_TENANT_ID";
    public const string AzureClientSecret = "AZURE_CLIENT_SECRET";
    public const string AzureClientCertificatePath = "AZURE_CLIENT_CERTIFICATE_PATH";
    public const string AzureClientCertificatePassword = "AZURE_CLIENT_CERTIFICATE_PASSWORD";
    public const string AzureClientSendCertificateChain = "AZURE_CLIENT_SEND_CERTIFICATE_CHAIN";
    public const string AzureFederatedTokenFile = "AZURE_FEDERATED_TOKEN_FILE";

    // Managed identity endpoints the hosting platforms set.
    public const string IdentityEndpoint = "IDENTITY_ENDPOINT";
    public const string IdentityHeader = "IDENTITY_HEADER";
    public const string IdentityServerThumbprint = "IDENTITY_SERVER_THUMBPRINT";
    public const string ImdsEndpoint = "IMDS_ENDPOINT";
    public const string MsiEndpoint = "MSI_ENDPOINT";

    // CI systems' OIDC.
    public const string GitHubOidcRequestUrl = "ACTIONS_ID_TOKEN_REQUEST_URL";
    public const string GitHubOidcRequestToken = "ACTIONS_ID_TOKEN_REQUEST_TOKEN";
    public const string PipelinesOidcRequestUri = "SYSTEM_OIDCREQUESTURI";
    public const string PipelinesAccessToken = "SYSTEM_ACCESSTOKEN";
    public const string PipelinesServiceConnectionId = "AZURESUBSCRIPTION_SERVICE_CONNECTION_ID";
    public const string PipelinesClientId = "AZURESUBSCRIPTION_CLIENT_ID";
    public const string PipelinesTenantId = "AZURESUBSCRIPTION_TENANT_ID";

    // Where we run: whether a human can be reached, and how.
    public const string Ci = "CI";
    public const string TfBuild = "TF_BUILD";
    public const string GitTerminalPrompt = "GIT_TERMINAL_PROMPT";
    public const string Browser = "BROWSER";
    public const string Display = "DISPLAY";
    public const string WaylandDisplay = "WAYLAND_DISPLAY";
    public const string SshConnection = "SSH_CONNECTION";
    public const string SshTty = "SSH_TTY";
    public const string WslDistroName = "WSL_DISTRO_NAME";
    public const string WslInterop = "WSL_INTEROP";
    public const string RemoteContainers = "REMOTE_CONTAINERS";
    public const string Codespaces = "CODESPACES";
    public const string DbusSessionBusAddress = "DBUS_SESSION_BUS_ADDRESS";
    public const string XdgRuntimeDir = "XDG_RUNTIME_DIR";

    // Where files and programs are.
    public const string Home = "HOME";
    public const string UserProfile = "USERPROFILE";
    public const string LocalAppData = "LOCALAPPDATA";
    public const string XdgStateHome = "XDG_STATE_HOME";
    public const string XdgCacheHome = "XDG_CACHE_HOME";
    public const string XdgConfigHome = "XDG_CONFIG_HOME";
    public const string XdgDataDirs = "XDG_DATA_DIRS";
    public const string Path = "PATH";
    public const string PathExt = "PATHEXT";
    public const string LdLibraryPath = "LD_LIBRARY_PATH";

    // git's own, read to see git config as git sees it (see Settings/GitConfig).
    public const string GitConfig = "GIT_CONFIG";
    public const string GitConfigParameters = "GIT_CONFIG_PARAMETERS";
    public const string GitConfigCount = "GIT_CONFIG_COUNT";
    public const string GitConfigKeyPrefix = "GIT_CONFIG_KEY_";
    public const string GitConfigValuePrefix = "GIT_CONFIG_VALUE_";
    public const string GitConfigNoSystem = "GIT_CONFIG_NOSYSTEM";
    public const string GitConfigSystem = "GIT_CONFIG_SYSTEM";
    public const string GitConfigGlobal = "GIT_CONFIG_GLOBAL";
    public const string GitExecPath = "GIT_EXEC_PATH";
    public const string GitDir = "GIT_DIR";
    public const string GitCommonDir = "GIT_COMMON_DIR";
    public const string GitWorkTree = "GIT_WORK_TREE";
    public const string GitCeilingDirectories = "GIT_CEILING_DIRECTORIES";
    public const string GitDiscoveryAcrossFilesystem = "GIT_DISCOVERY_ACROSS_FILESYSTEM";
    public const string GitObjectDirectory = "GIT_OBJECT_DIRECTORY";
    public const string GitAskPass = "GIT_ASKPASS";
    public const string SshAskPass = "SSH_ASKPASS";
}
