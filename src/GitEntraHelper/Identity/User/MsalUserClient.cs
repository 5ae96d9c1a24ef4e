using Microsoft.Identity.Client;

namespace GitEntraHelper.Identity.User;

/// <summary><see cref="IMsalUserClient"/> over a real MSAL public client application.</summary>
internal sealed class MsalUserClient(IPublicClientApplication app, bool usesBroker) : IMsalUserClient
{
    public bool UsesBroker => usesBroker;

    public async Task<IReadOnlyList<IAccount>> GetAccountsAsync(CancellationToken cancellationToken)
    {
        IEnumerable<IAccount> accounts = await app.GetAccountsAsync().ConfigureAwait(false);
        return accounts.ToList();
    }

    public async Task<AuthenticationResult> AcquireSilentAsync(IAccount account, string? claims, bool forceRefresh, CancellationToken cancellationToken)
    {
        var builder = app.AcquireTokenSilent(Entra.AzureDevOpsScopes, account).WithForceRefresh(forceRefresh);
        if (claims is not null)
        {
            builder = builder.WithClaims(claims);
        }

        return await builder.ExecuteAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<AuthenticationResult?> AcquireCachedAsync(IAccount account, CancellationToken cancellationToken)
    {
        using (CacheOnly.Scope())
        {
            try
            {
                return await app.AcquireTokenSilent(Entra.AzureDevOpsScopes, account).ExecuteAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (CacheOnly.IsMiss(e) || e is MsalUiRequiredException)
            {
                return null;
            }
        }
    }

    public async Task<AuthenticationResult> AcquireInteractiveAsync(InteractiveOptions options, CancellationToken cancellationToken)
    {
        var builder = app.AcquireTokenInteractive(Entra.AzureDevOpsScopes)
            .WithPrompt(options.SelectAccount ? Prompt.SelectAccount : Prompt.NoPrompt);
        if (!usesBroker)
        {
            builder = builder.WithUseEmbeddedWebView(false);
        }

        if (options.LoginHint is not null)
        {
            builder = builder.WithLoginHint(options.LoginHint);
        }

        if (options.Claims is not null)
        {
            builder = builder.WithClaims(options.Claims);
        }

        if (options.Browser is not null)
        {
            builder = builder.WithSystemWebViewOptions(options.Browser);
        }

        if (options.ParentWindow is not null)
        {
            builder = builder.WithParentActivityOrWindow(options.ParentWindow());
        }

        return await builder.ExecuteAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<AuthenticationResult> AcquireWithDeviceCodeAsync(string? claims, Func<DeviceCodeInfo, Task> showCode, CancellationToken cancellationToken)
    {
        var builder = app.AcquireTokenWithDeviceCode(Entra.AzureDevOpsScopes, code => showCode(new DeviceCodeInfo(code.UserCode, code.VerificationUrl, code.ExpiresOn)));
        if (claims is not null)
        {
            builder = builder.WithClaims(claims);
        }

        return await builder.ExecuteAsync(cancellationToken).ConfigureAwait(false);
    }
}
