using GitEntraHelper.Diagnostics;

namespace GitEntraHelper.Identity.Workload;

/// <summary>
/// Carries a failure of our own credential callback (assertion file, CI OIDC endpoint, managed identity
/// endpoint, certificate file) through MSAL, so <see cref="AppTokenClient"/> can tell it apart from a
/// failure of the persistent token cache, which it survives by keeping tokens in memory only.
/// </summary>
internal sealed class CredentialFailure(HelperException failure) : Exception(failure.Message, failure)
{
    public HelperException Failure { get; } = failure;

    /// <summary>Runs a credential callback, marking its one-line failures as ours.</summary>
    public static async Task<T> Guard<T>(Func<Task<T>> callback)
    {
        try
        {
            return await callback().ConfigureAwait(false);
        }
        catch (HelperException e)
        {
            throw new CredentialFailure(e);
        }
    }
}
