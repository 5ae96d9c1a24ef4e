using GitEntraHelper.Diagnostics;
using GitEntraHelper.Identity.User;
using GitEntraHelper.Settings;
using GitEntraHelper.TokenCache;
using Microsoft.Identity.Client;

namespace GitEntraHelper.Commands;

/// <summary>One organization's account and its cached access token, as `status` shows it.</summary>
internal sealed record OrganizationState(AccountBinding Binding, DateTimeOffset? TokenExpiresOn, string TokenNote);

/// <summary>
/// What the token cache and the account bindings hold, read without the network and without a grant
/// (`status`, `account list`): accounts, each bound organization's cached token expiry, where the cache is.
/// Reading the cache may need the keyring: a failure is the <see cref="Problem"/>, not an error.
/// </summary>
internal sealed class SignedInState
{
    public required IReadOnlyList<string> Accounts { get; init; }

    public required IReadOnlyList<OrganizationState> Organizations { get; init; }

    public required IReadOnlyList<string> CacheLocations { get; init; }

    public string? Problem { get; init; }

    /// <summary>Signed in: the cache holds an account, or an organization's account lives in the OS broker.</summary>
    public bool IsSignedIn => Accounts.Count > 0 || Organizations.Any(o => o.Binding.ViaBroker && o.Binding.Username is not null);

    public static async Task<SignedInState> ReadAsync(HelperContext context, CancellationToken cancellationToken)
    {
        IReadOnlyList<AccountBinding> bindings = await UserSignIn.BindingStore(context.Paths, context.Trace).ListAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // No remote URL here: general (not URL-specific) git config applies.
            HelperSettings settings = HelperSettings.ForUrl(context.Environment, context.GitConfig, "https://dev.azure.com/");
            UserSignInSettings user = UserSignInSettings.From(settings, string.Empty);
            ITokenCachePersistence persistence = TokenCachePersistence.Create(settings, context.Paths, context.Trace);
            var clients = new PublicClientAppFactory(user.ClientId, settings.AuthorityHost, persistence, BrokerPlatform.ForCurrentOs(context.Environment.Get), context.Trace);
            IReadOnlyList<IAccount> accounts = await clients.Create("organizations", broker: false).GetAccountsAsync(cancellationToken).ConfigureAwait(false);
            var organizations = new List<OrganizationState>();
            foreach (AccountBinding binding in bindings)
            {
                organizations.Add(await TokenOfAsync(clients, accounts, binding, cancellationToken).ConfigureAwait(false));
            }

            return new SignedInState
            {
                Accounts = [.. accounts.Select(a => a.Username).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase)],
                Organizations = organizations,
                CacheLocations = [.. persistence.StoredPartitions().Select(persistence.Describe).Distinct(StringComparer.Ordinal)],
            };
        }
        catch (HelperException e)
        {
            return new SignedInState
            {
                Accounts = [],
                Organizations = [.. bindings.Select(b => new OrganizationState(b, null, "unknown"))],
                CacheLocations = [],
                Problem = e.Message,
            };
        }
    }

    // A cache-only silent read (CacheOnly): MSAL answers from the cache or not at all, so nothing is granted or refreshed.
    private static async Task<OrganizationState> TokenOfAsync(PublicClientAppFactory clients, IReadOnlyList<IAccount> accounts, AccountBinding binding, CancellationToken cancellationToken)
    {
        if (binding.ViaBroker)
        {
            return new OrganizationState(binding, null, "kept by the OS broker");
        }

        IAccount? account = accounts.FirstOrDefault(a =>
            (binding.HomeAccountId is not null && string.Equals(a.HomeAccountId?.Identifier, binding.HomeAccountId, StringComparison.OrdinalIgnoreCase))
            || (binding.Username is not null && AccountPicker.SameUser(a.Username, binding.Username)));
        if (account is null)
        {
            return new OrganizationState(binding, null, binding.Username is null ? "no account bound" : "not signed in");
        }

        AuthenticationResult? cached = await clients.Create(binding.TenantId ?? "organizations", broker: false).AcquireCachedAsync(account, cancellationToken).ConfigureAwait(false);
        return cached is null
            ? new OrganizationState(binding, null, "expired; the next git operation refreshes it")
            : new OrganizationState(binding, cached.ExpiresOn, "valid");
    }
}
