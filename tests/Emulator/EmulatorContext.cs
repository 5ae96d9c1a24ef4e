using Emulator.Admin;
using Emulator.Entra;
using Emulator.Model;
using Emulator.Oidc;
using Emulator.Tokens;

namespace Emulator;

/// <summary>
/// State shared by every server in one emulator process. Addresses (and what depends on them:
/// the catalog with its federated credentials, the token factory) are set once the servers listen.
/// </summary>
internal sealed class EmulatorContext(string stateDirectory, SigningKey entraKey, SigningKey oidcKey)
{
    private EndpointUrls? _urls;
    private Catalog? _catalog;
    private EntraTokenFactory? _tokens;
    private OidcIssuers? _issuers;

    public string StateDirectory { get; } = stateDirectory;
    public string RepositoriesDirectory => Path.Combine(StateDirectory, "repos");
    public SigningKey EntraKey { get; } = entraKey;
    public SigningKey OidcKey { get; } = oidcKey;
    public TokenLedger Ledger { get; } = new();
    public RefreshTokenStore RefreshTokens { get; } = new();
    public AuthorizationStore Authorizations { get; } = new();
    public DeviceCodeStore DeviceCodes { get; } = new();
    public Switches Switches { get; } = new();
    public Stats Stats { get; } = new();
    public DevOps.Pats.PatStore Pats { get; } = new();

    /// <summary>Bearer token the GitHub Actions-style OIDC endpoint requires (ACTIONS_ID_TOKEN_REQUEST_TOKEN).</summary>
    public string GitHubRequestToken { get; } = Hosting.UrlSafe.RandomToken(32);

    /// <summary>Bearer token the Azure Pipelines-style OIDC endpoint requires (SYSTEM_ACCESSTOKEN).</summary>
    public string PipelinesAccessToken { get; } = Hosting.UrlSafe.RandomToken(32);

    public EndpointUrls Urls => _urls ?? throw new InvalidOperationException("The emulator is not listening yet.");
    public Catalog Catalog => _catalog ?? throw new InvalidOperationException("The emulator is not listening yet.");
    public EntraTokenFactory Tokens => _tokens ?? throw new InvalidOperationException("The emulator is not listening yet.");
    public OidcIssuers Issuers => _issuers ?? throw new InvalidOperationException("The emulator is not listening yet.");
    public bool IsReady => _catalog is not null;

    public void Initialize(EndpointUrls urls, Func<OidcIssuers, Catalog> createCatalog)
    {
        _urls = urls;
        _issuers = new OidcIssuers(urls.OidcBase, OidcKey);
        _tokens = new EntraTokenFactory(urls, EntraKey, Ledger);
        _catalog = createCatalog(_issuers);
    }
}
