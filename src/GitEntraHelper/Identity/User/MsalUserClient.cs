using Microsoft.Identity.Client;

namespace GitEntraHelper.Identity.User;

/// <summary>
/// <see cref="IMsalUserClient"/> over a real MSAL public client application whose authority names
/// <paramref name="tenant"/>. A silent call for a Microsoft account through a multi-tenant authority names
/// the MSA transfer tenant (<see cref="MicrosoftAccounts"/>); <paramref name="msaTransfer"/> false leaves
/// MSAL's own choice (tests show the refusal that avoids).
/// </summary>
internal sealed class MsalUserClient(IPublicClientApplication app, bool usesBroker, string tenant = "organizations", bool msaTransfer = true) : IMsalUserClient
{
    public bool UsesBroker => usesBroker;

    public async Task<IReadOnlyList<IAccount>> GetAccountsAsync(CancellationToken cancellationToken)
    {
        IEnumerable<IAccount> accounts = await app.GetAccountsAsync().ConfigureAwait(false);
        return accounts.ToList();
    }

    public async Task<AuthenticationResult> AcquireSilentAsync(IAccount account, string? claims, bool forceRefresh, CancellationToken cancellationToken)
    {
        string? transfer = TransferTenant(account);
        if (transfer is not null && !forceRefresh && claims is null
            && await AcquireCachedAsync(account, cancellationToken).ConfigureAwait(false) is { } cached)
        {
            return cached; // the sign-in's token is kept under the home tenant: no refresh just to move it
        }

        var builder = app.AcquireTokenSilent(Entra.AzureDevOpsScopes, account).WithForceRefresh(forceRefresh);
        if (transfer is not null)
        {
            builder = builder.WithTenantId(transfer);
        }

        if (claims is not null)
        {
            builder = builder.WithClaims(claims);
        }

        return TokenResponse.WithAccessToken(await builder.ExecuteAsync(cancellationToken).ConfigureAwait(false));
    }

    public async Task<AuthenticationResult?> AcquireCachedAsync(IAccount account, CancellationToken cancellationToken)
    {
        using (CacheOnly.Scope())
        {
            // MSAL keeps a token under the tenant its request named: a refresh through the transfer tenant
            // there, the interactive sign-in (through "organizations") under the account's home tenant.
            if (TransferTenant(account) is { } transfer
                && await CachedAsync(app.AcquireTokenSilent(Entra.AzureDevOpsScopes, account).WithTenantId(transfer), cancellationToken).ConfigureAwait(false) is { } refreshed)
            {
                return refreshed;
            }

            return await CachedAsync(app.AcquireTokenSilent(Entra.AzureDevOpsScopes, account), cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<AuthenticationResult?> CachedAsync(AcquireTokenSilentParameterBuilder builder, CancellationToken cancellationToken)
    {
        try
        {
            return TokenResponse.WithAccessToken(await builder.ExecuteAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e) when (CacheOnly.IsMiss(e) || e is MsalUiRequiredException)
        {
            return null;
        }
    }

    private string? TransferTenant(IAccount account) => msaTransfer ? MicrosoftAccounts.SilentTenant(tenant, account) : null;

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

        return TokenResponse.WithAccessToken(await builder.ExecuteAsync(cancellationToken).ConfigureAwait(false));
    }

    public async Task<AuthenticationResult> AcquireWithDeviceCodeAsync(string? claims, Func<DeviceCodeInfo, Task> showCode, CancellationToken cancellationToken)
    {
        var builder = app.AcquireTokenWithDeviceCode(Entra.AzureDevOpsScopes, code => showCode(new DeviceCodeInfo(code.UserCode, code.VerificationUrl, code.ExpiresOn)));
        if (claims is not null)
        {
            builder = builder.WithClaims(claims);
        }

        return TokenResponse.WithAccessToken(await builder.ExecuteAsync(cancellationToken).ConfigureAwait(false));
    }
}
