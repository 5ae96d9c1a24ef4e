using GitEntraHelper.AzureDevOps;
using GitEntraHelper.Identity;
using GitEntraHelper.Identity.Workload;

namespace GitEntraHelper.Tests.Identity.Workload;

internal static class WorkloadTestData
{
    public const string Tenant = "11111111-2222-3333-4444-555555555555";
    public const string ClientId = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
    public static readonly Uri AuthorityHost = new("https://login.example.test/");

    public static TokenRequest Request(string? tenant = Tenant, bool forceRefresh = false, string? claims = null) =>
        new(new AzureDevOpsTarget(new Uri("https://dev.azure.com/contoso"), "contoso", tenant, TenantSource.Challenge), claims, forceRefresh, AllowInteraction: false);

    public static WorkloadEnvironment Environment(FakeHttp http, GitEntraHelper.TokenCache.ITokenCachePersistence? persistence = null, TimeSpan? timeout = null) =>
        new(AuthorityHost, timeout ?? TimeSpan.FromSeconds(10), persistence, msalLog: null, httpHandler: http);
}
