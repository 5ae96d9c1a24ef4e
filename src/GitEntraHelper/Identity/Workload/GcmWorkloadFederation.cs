using GitEntraHelper.Diagnostics;
using GitEntraHelper.Settings;
using Microsoft.Identity.Client;
using K = GitEntraHelper.Settings.SettingKeys;

namespace GitEntraHelper.Identity.Workload;

/// <summary>
/// GCM's workload identity federation keys (docs/configuration.md and environment.md:
/// credential.azreposWorkloadFederation* / GCM_AZREPOS_WIF*) mapped onto our federated ways: an app
/// registration (ClientId, TenantId) proves itself with an assertion that is — <c>generic</c>: the configured
/// one, or the file a <c>file://</c> value names (read for every grant, as GCM's AzureReposHostProvider reads
/// it); <c>managedidentity</c>: a managed identity's token for the audience; <c>githubactions</c>: the job's
/// OIDC token for the audience. Unlike GCM, which then falls through to the next way, an incomplete
/// configuration is one line naming what is missing.
/// </summary>
internal static class GcmWorkloadFederation
{
    public static TokenSourceChoice? Choose(HelperSettings s, Func<WorkloadEnvironment> environment)
    {
        if (s.GetTrimmed(K.WorkloadFederation) is not { } scenario)
            return null;
        var origin = s.DescribeSource(K.WorkloadFederation);
        var clientId = s.GetTrimmed(K.WorkloadFederationClientId) is { } id
            ? Guid.TryParse(id, out _) ? id : throw new HelperException($"{s.DescribeSource(K.WorkloadFederationClientId)} is '{id}': expected an application (client) id GUID")
            : throw new HelperException($"{origin} is {scenario} but {K.WorkloadFederationClientId.GitConfigKey} is not set: set the application (client) id to federate with.");
        var tenant = s.GetTrimmed(K.WorkloadFederationTenantId);
        var audience = s.GetTrimmed(K.WorkloadFederationAudience) ?? GitHubActionsTokenSource.DefaultAudience;
        var reason = $"{origin} is {scenario.ToLowerInvariant()}";

        switch (scenario.ToLowerInvariant())
        {
            case "generic":
                if (s.GetSecret(K.WorkloadFederationAssertion) is not { IsEmpty: false } assertion)
                    throw new HelperException($"{origin} is generic but {K.WorkloadFederationAssertion.GitConfigKey} is not set: set the assertion, or file://PATH of a file that holds it.");
                return FilePath(assertion.Reveal()) is { } path
                    ? new(new FederatedAssertionTokenSource(environment(), clientId, tenant, "assertion file",
                        ct => FederatedTokenFileTokenSource.ReadAsync(path, K.WorkloadFederationAssertion.GitConfigKey!, ct)), reason + " with an assertion file")
                    : new(new FederatedAssertionTokenSource(environment(), clientId, tenant, "configured assertion", _ => Task.FromResult(assertion)), reason);

            case "managedidentity" or "mi":
                if (s.GetTrimmed(K.WorkloadFederationManagedIdentity) is not { } managed)
                    throw new HelperException($"{origin} is {scenario} but {K.WorkloadFederationManagedIdentity.GitConfigKey} is not set: use system, a client id, id://GUID or resource://RESOURCE-ID.");
                var kind = ManagedIdentityKind.Parse(managed, s.DescribeSource(K.WorkloadFederationManagedIdentity));
                var env = environment();
                return new(new FederatedAssertionTokenSource(env, clientId, tenant, $"managed identity ({kind})",
                    ct => ManagedIdentityAssertionAsync(env, kind, audience, ct)), reason + $" with the managed identity ({kind})");

            case "githubactions" or "github":
                if (s.GetTrimmed(K.GitHubOidcRequestUrl) is not { } url || s.GetSecret(K.GitHubOidcRequestToken) is not { IsEmpty: false } requestToken)
                    throw new HelperException($"{origin} is {scenario} but ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set: give the job `permissions: id-token: write`.");
                return new(new GitHubActionsTokenSource(environment(), clientId, tenant, url, requestToken, audience), reason);

            default:
                throw new HelperException($"{origin} is '{scenario}': use generic, managedidentity or githubactions");
        }
    }

    /// <summary>The local path of a <c>file://</c> value, or null for an assertion given inline.</summary>
    internal static string? FilePath(string value) =>
        value.StartsWith("file://", StringComparison.OrdinalIgnoreCase) && Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) && uri.IsFile
            ? uri.LocalPath
            : null;

    /// <summary>A managed identity's token for <paramref name="audience"/> (not Azure DevOps): the assertion to exchange.</summary>
    private static async Task<Secret> ManagedIdentityAssertionAsync(WorkloadEnvironment environment, ManagedIdentityKind kind, string audience, CancellationToken cancellationToken)
    {
        var app = ManagedIdentityApplicationBuilder.Create(kind.ToMsal())
            .WithHttpClientFactory(environment.MsalHttpClientFactory)
            .WithTrace(environment.Trace)
            .Build();
        try
        {
            var result = await app.AcquireTokenForManagedIdentity(audience).ExecuteAsync(cancellationToken).ConfigureAwait(false);
            return new Secret(result.AccessToken);
        }
        catch (MsalException e)
        {
            throw WorkloadErrors.FromMsal(e, $"managed identity ({kind})", null, null, null);
        }
    }
}
