using GitEntraHelper.Settings;
using GitEntraHelper.TokenCache;
using Microsoft.Identity.Client;

namespace GitEntraHelper.Identity.User;

/// <summary>Removes a signed-in account, with its tokens, from the persisted user cache.</summary>
internal interface ICachedUserAccounts
{
    /// <summary>True when the account was in the cache and is gone now.</summary>
    Task<bool> RemoveAsync(string? homeAccountId, string? username, CancellationToken cancellationToken);
}

/// <summary>
/// Over a real MSAL public client whose user cache is the persisted <see cref="TokenCachePartitions.User"/>
/// partition: MSAL's RemoveAsync deletes the account's refresh, access and id tokens and writes the
/// cache back (atomically, under the cache lock). No network call is made.
/// </summary>
internal sealed class CachedUserAccounts(string clientId, Uri authorityHost, string tenant, ITokenCachePersistence persistence) : ICachedUserAccounts
{
    public async Task<bool> RemoveAsync(string? homeAccountId, string? username, CancellationToken cancellationToken)
    {
        bool microsoft = Entra.IsMicrosoftAuthorityHost(authorityHost);
        var builder = PublicClientApplicationBuilder.Create(clientId)
            .WithAuthority(Entra.Authority(authorityHost, tenant).AbsoluteUri, validateAuthority: microsoft);
        if (!microsoft)
        {
            builder = builder.WithInstanceDiscovery(false);
        }

        IPublicClientApplication app = builder.Build();
        persistence.Attach(app.UserTokenCache, TokenCachePartitions.User);
        var removed = false;
        foreach (IAccount account in await app.GetAccountsAsync().ConfigureAwait(false))
        {
            if ((homeAccountId is not null && string.Equals(account.HomeAccountId?.Identifier, homeAccountId, StringComparison.OrdinalIgnoreCase))
                || (homeAccountId is null && username is not null && string.Equals(account.Username, username, StringComparison.OrdinalIgnoreCase)))
            {
                cancellationToken.ThrowIfCancellationRequested();
                await app.RemoveAsync(account).ConfigureAwait(false);
                removed = true;
            }
        }

        return removed;
    }

    public static CachedUserAccounts For(HelperSettings settings, string organization, string? tenant, ITokenCachePersistence persistence) =>
        new(UserSignInSettings.From(settings, organization).ClientId, settings.AuthorityHost, tenant ?? "organizations", persistence);
}
