using GitEntraHelper.EndToEndTests.Infrastructure;
using Microsoft.Identity.Client;

namespace GitEntraHelper.EndToEndTests.Emulator;

/// <summary>
/// The real MSAL.NET configured the way the helper talks to a non-Microsoft authority host:
/// authority = AZURE_AUTHORITY_HOST + tenant, instance discovery and authority validation off,
/// HTTPS trusting the emulator's CA only.
/// </summary>
internal static class EmulatorMsal
{
    public const string AzureDevOpsScope = "499b84ac-1321-427f-aa17-267ca6975798/.default";
    public static readonly string[] AzureDevOpsScopes = [AzureDevOpsScope];

    public static IPublicClientApplication PublicClient(EmulatorFixture emulator, string? tenantId = null) =>
        PublicClientApplicationBuilder.Create(emulator.PublicClientId)
            .WithAuthority(emulator.AuthorityHost + (tenantId ?? emulator.TenantId), validateAuthority: false)
            .WithInstanceDiscovery(false)
            .WithRedirectUri("http://localhost")
            .WithHttpClientFactory(new TrustingHttpClientFactory(emulator))
            .Build();

    public static ConfidentialClientApplicationBuilder ConfidentialClient(EmulatorFixture emulator, string clientId) =>
        ConfidentialClientApplicationBuilder.Create(clientId)
            .WithAuthority(emulator.AuthorityHost + emulator.TenantId, validateAuthority: false)
            .WithInstanceDiscovery(false)
            .WithHttpClientFactory(new TrustingHttpClientFactory(emulator));

    internal sealed class TrustingHttpClientFactory(EmulatorFixture emulator) : IMsalHttpClientFactory
    {
        private readonly HttpClient _client = emulator.CreateHttpClient();

        public HttpClient GetHttpClient() => _client;
    }
}
