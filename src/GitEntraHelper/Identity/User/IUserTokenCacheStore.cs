using Microsoft.Identity.Client;

namespace GitEntraHelper.Identity.User;

/// <summary>
/// Where the signed-in user's MSAL cache lives. TokenCache/ provides the real one (encrypted by the OS,
/// locked across processes, one sign-in at a time); <see cref="InMemoryUserTokenCacheStore"/> keeps
/// tokens for this process only.
/// </summary>
public interface IUserTokenCacheStore
{
    /// <summary>Connects MSAL's user token cache to the store; called once per client before its first use.</summary>
    Task AttachAsync(ITokenCache userTokenCache, CancellationToken cancellationToken);

    /// <summary>
    /// Runs one token acquisition (silent refresh or sign-in) so that concurrent git processes sharing the
    /// cache do not sign in or refresh in parallel: the others wait, then find the result in the cache.
    /// </summary>
    /// <param name="key">What is being acquired, e.g. the authority and client id.</param>
    Task<T> RunExclusiveAsync<T>(string key, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken);
}

/// <summary>MSAL's default in-memory cache: nothing survives the process.</summary>
public sealed class InMemoryUserTokenCacheStore : IUserTokenCacheStore
{
    public Task AttachAsync(ITokenCache userTokenCache, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<T> RunExclusiveAsync<T>(string key, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        work(cancellationToken);
}
