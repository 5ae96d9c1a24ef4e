using GitEntraHelper.Diagnostics;
using GitEntraHelper.Settings;

namespace GitEntraHelper.AzureDevOps;

/// <summary>
/// Which Entra tenant an organization belongs to, cheapest answer first: configured
/// (credential.entraTenantId / GIT_ENTRA_TENANT_ID), git's <c>wwwauth[]</c> challenge, the per-organization
/// cache file, and only then one unauthenticated probe. Discoveries are cached. The authority host is
/// never learned here: it comes from settings alone. IT's allow-list (<see cref="TenantPolicy"/>) is
/// checked on every answer before it leaves this class, so whatever asks for a token has passed it.
/// </summary>
public sealed class TenantResolver
{
    private readonly TenantCache _cache;
    private readonly TenantProbe _probe;
    private readonly HelperTrace _trace;

    public TenantResolver(TenantCache cache, TenantProbe probe, HelperTrace trace)
    {
        _cache = cache;
        _probe = probe;
        _trace = trace;
    }

    public async Task<AzureDevOpsTarget> ResolveAsync(
        AzureDevOpsTarget target, IReadOnlyList<string> wwwAuth, HelperSettings settings, CancellationToken cancellationToken)
    {
        AzureDevOpsTarget known = Known(target, wwwAuth, settings);
        if (known.TenantId is not null)
        {
            return Allowed(known, settings);
        }

        string probed = await _probe.DiscoverAsync(target.OrganizationUrl, cancellationToken).ConfigureAwait(false);
        TryWrite(target, probed);
        return Allowed(Found(target, probed, TenantSource.Probe), settings);
    }

    /// <summary>Configured, challenge or cache, never a probe; tenant null when none knows (refused when the policy restricts).</summary>
    public AzureDevOpsTarget ResolveWithoutProbe(AzureDevOpsTarget target, IReadOnlyList<string> wwwAuth, HelperSettings settings) =>
        Allowed(Known(target, wwwAuth, settings), settings);

    private static AzureDevOpsTarget Allowed(AzureDevOpsTarget target, HelperSettings settings)
    {
        TenantPolicy.For(settings).EnsureAllowed(target);
        return target;
    }

    private AzureDevOpsTarget Known(AzureDevOpsTarget target, IReadOnlyList<string> wwwAuth, HelperSettings settings)
    {
        if (settings.ConfiguredTenantId is { Length: > 0 } configured)
        {
            return TenantId.TryNormalize(configured, out string tenant)
                ? Found(target, tenant, TenantSource.Configured)
                : throw new HelperException(
                    $"{settings.DescribeSource(SettingKeys.TenantId)} is '{configured}', expected a tenant GUID or 'organizations'");
        }

        string? cached = _cache.TryRead(target);
        if (TenantChallenge.FromWwwAuthenticate(wwwAuth) is { } challenged)
        {
            if (!string.Equals(cached, challenged, StringComparison.Ordinal))
            {
                TryWrite(target, challenged);
            }

            return Found(target, challenged, TenantSource.Challenge);
        }

        return cached is not null ? Found(target, cached, TenantSource.Cache) : target;
    }

    /// <summary>After git rejected a token: forget the cached tenant, so the next get learns it afresh.</summary>
    public void Forget(AzureDevOpsTarget target) => _cache.Forget(target);

    private AzureDevOpsTarget Found(AzureDevOpsTarget target, string tenant, TenantSource source)
    {
        _trace.Write("azure-devops", $"tenant {tenant} ({source})");
        return target with { TenantId = tenant, TenantSource = source };
    }

    // The cache only saves a probe; failing to write it must not fail the git command.
    private void TryWrite(AzureDevOpsTarget target, string tenant)
    {
        try
        {
            _cache.Write(target, tenant);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _trace.Write("azure-devops", $"cannot cache the tenant: {e.Message}");
        }
    }
}
