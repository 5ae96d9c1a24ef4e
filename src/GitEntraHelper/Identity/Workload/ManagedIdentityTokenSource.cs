using System.Security.Cryptography;
using System.Text;
using GitEntraHelper.Diagnostics;
using Microsoft.Identity.Client;
using Microsoft.Identity.Client.Extensibility;

namespace GitEntraHelper.Identity.Workload;

/// <summary>
/// Managed identity through MSAL's ManagedIdentityApplication, which finds the platform's endpoint from
/// the environment (App Service/Functions IDENTITY_ENDPOINT + IDENTITY_HEADER, Azure Arc, Service Fabric,
/// Cloud Shell; IMDS otherwise — so the selector picks this way without configuration only when one of
/// those endpoint variables proves it). MSAL keeps managed identity tokens in memory only, so the grant
/// runs as the app token provider of a confidential client whose app token cache is persisted: the
/// many git processes of one job share one token.
/// </summary>
internal sealed class ManagedIdentityTokenSource : ITokenSource, ICachePartitioned
{
    private readonly ManagedIdentityKind _kind;
    private readonly AppTokenClient _client;
    private readonly string _describe;
    private readonly WorkloadEnvironment _environment;
    private IManagedIdentityApplication? _managedIdentity;

    public ManagedIdentityTokenSource(WorkloadEnvironment environment, ManagedIdentityKind kind, string platform)
    {
        _kind = kind;
        _environment = environment;
        _describe = $"managed identity ({kind}) via {platform}";
        _client = new AppTokenClient(environment, CacheClientId(kind), tenantId: null,
            b => b.WithAppTokenProvider(ProvideAsync), contactsAuthority: false);
    }

    public string CachePartition => _client.CachePartition;

    public string Name => "managed-identity";

    public async Task<AccessTokenResult> GetTokenAsync(TokenRequest request, CancellationToken cancellationToken)
    {
        var result = await _client.AcquireAsync(request, _describe, null, cancellationToken).ConfigureAwait(false);
        return new AccessTokenResult(new Secret(result.AccessToken), result.ExpiresOn, _describe);
    }

    public Task ForgetAsync(TokenRequest request, CancellationToken cancellationToken) =>
        _client.ForgetAsync(request, _describe, null, cancellationToken);

    private async Task<AppTokenProviderResult> ProvideAsync(AppTokenProviderParameters parameters)
    {
        CacheOnly.ThrowIfActive(); // MSAL needs a new token: not now, under the lock
        _managedIdentity ??= Build();
        // MSAL asks only when its app token cache has nothing usable, so never let the managed identity
        // client's own in-memory cache answer instead (it could hold the token just refused).
        var builder = _managedIdentity.AcquireTokenForManagedIdentity(Entra.AzureDevOpsResource).WithForceRefresh(true);
        if (!string.IsNullOrEmpty(parameters.Claims))
            builder = builder.WithClaims(parameters.Claims);
        AuthenticationResult result;
        try
        {
            result = await builder.ExecuteAsync(parameters.CancellationToken).ConfigureAwait(false);
        }
        catch (MsalException e)
        {
            throw new CredentialFailure(WorkloadErrors.FromMsal(e, _describe, null, null, null));
        }
        return new AppTokenProviderResult
        {
            AccessToken = result.AccessToken,
            ExpiresInSeconds = Math.Max(0, (long)(result.ExpiresOn - DateTimeOffset.UtcNow).TotalSeconds),
        };
    }

    private IManagedIdentityApplication Build()
    {
        return ManagedIdentityApplicationBuilder.Create(_kind.ToMsal())
            .WithHttpClientFactory(_environment.MsalHttpClientFactory)
            .WithTrace(_environment.Trace)
            .Build();
    }

    /// <summary>A stable, distinct cache key per identity (a resource id has slashes; hash it).</summary>
    private static string CacheClientId(ManagedIdentityKind kind)
    {
        if (kind.Value is null)
            return "managed-identity-system";
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(kind.Kind + ":" + kind.Value)))[..32];
        return "managed-identity-" + hash;
    }
}
