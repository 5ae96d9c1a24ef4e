using Microsoft.Identity.Client;

namespace GitEntraHelper.Identity.User;

/// <summary>What an interactive (browser or broker) acquisition needs.</summary>
/// <param name="LoginHint">User name to preselect, or null.</param>
/// <param name="Claims">Claims JSON from a CAE challenge, or null.</param>
/// <param name="Browser">Browser options (success page, BROWSER opener); null for the broker.</param>
/// <param name="ParentWindow">Window handle the broker parents its dialog to (Windows), or null.</param>
/// <param name="SelectAccount">True to show the account picker even when a hint is known.</param>
internal sealed record InteractiveOptions(
    string? LoginHint,
    string? Claims,
    SystemWebViewOptions? Browser,
    Func<IntPtr>? ParentWindow,
    bool SelectAccount);

/// <summary>What the user needs from a device code (MSAL's DeviceCodeResult cannot be built in tests).</summary>
internal sealed record DeviceCodeInfo(string UserCode, string VerificationUrl, DateTimeOffset ExpiresOn);

/// <summary>
/// The MSAL calls the signed-in user source makes, against one authority (host + tenant). A seam: MSAL's
/// builders are concrete classes, so unit tests substitute this interface instead.
/// </summary>
internal interface IMsalUserClient
{
    /// <summary>True when this client was built with the OS broker enabled.</summary>
    bool UsesBroker { get; }

    Task<IReadOnlyList<IAccount>> GetAccountsAsync(CancellationToken cancellationToken);

    Task<AuthenticationResult> AcquireSilentAsync(IAccount account, string? claims, bool forceRefresh, CancellationToken cancellationToken);

    /// <summary>The account's token from the cache alone (no refresh, no network: <see cref="CacheOnly"/>), or null.</summary>
    Task<AuthenticationResult?> AcquireCachedAsync(IAccount account, CancellationToken cancellationToken);

    Task<AuthenticationResult> AcquireInteractiveAsync(InteractiveOptions options, CancellationToken cancellationToken);

    Task<AuthenticationResult> AcquireWithDeviceCodeAsync(string? claims, Func<DeviceCodeInfo, Task> showCode, CancellationToken cancellationToken);
}

/// <summary>Creates (once per process and authority) the MSAL client for a tenant.</summary>
internal interface IMsalUserClientFactory
{
    /// <param name="tenant">Tenant id, or "organizations" when unknown.</param>
    /// <param name="broker">Build with the OS broker (only when the platform's broker probe said yes).</param>
    IMsalUserClient Create(string tenant, bool broker);
}
