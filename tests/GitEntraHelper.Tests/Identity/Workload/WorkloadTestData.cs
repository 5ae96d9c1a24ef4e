using GitEntraHelper.AzureDevOps;
using GitEntraHelper.Diagnostics;
using GitEntraHelper.Identity;
using GitEntraHelper.Identity.Workload;
using GitEntraHelper.Protocol;
using GitEntraHelper.Settings;

namespace GitEntraHelper.Tests.Identity.Workload;

internal static class WorkloadTestData
{
    public const string Tenant = "11111111-2222-3333-4444-555555555555";
    public const string ClientId = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
    public static readonly Uri AuthorityHost = new("https://login.example.test/");

    /// <param name="tenant">The organization's tenant.</param>
    /// <param name="refused">The token Azure DevOps refused (git's erase or retry names it), or null.</param>
    /// <param name="claims">A claims challenge, or null.</param>
    public static TokenRequest Request(string? tenant = Tenant, string? refused = null, string? claims = null) =>
        new(new AzureDevOpsTarget(new Uri("https://dev.azure.com/contoso"), "contoso", tenant, TenantSource.Challenge), claims,
            refused is null ? null : TokenFingerprint.Of(new Secret(refused)), InteractionDecision.Off("machine identities never ask"));

    public static WorkloadEnvironment Environment(FakeHttp http, GitEntraHelper.TokenCache.ITokenCachePersistence? persistence = null, TimeSpan? timeout = null) =>
        new(AuthorityHost, timeout ?? TimeSpan.FromSeconds(10), persistence, httpHandler: http);
}
