using System.Security.Cryptography.X509Certificates;

namespace Emulator.Model;

/// <summary>
/// Everything the emulator knows: tenants, users, app registrations, managed identities and
/// Azure DevOps organizations. Ids are fresh for every run so nothing can depend on them.
/// </summary>
internal sealed class Catalog
{
    private Catalog() { }

    /// <summary>Names of the seeded organizations (each has demo/_git/demo), known before the catalog exists.</summary>
    public const string MsaOrganizationName = "northwind";
    public static readonly string[] OrganizationNames = ["contoso", "fabrikam", MsaOrganizationName];

    public required Tenant MainTenant { get; init; }
    public required Tenant OtherTenant { get; init; }
    /// <summary>The consumer tenant (9188040d-…, also "consumers"): home of Microsoft accounts.</summary>
    public required Tenant MsaTenant { get; init; }
    /// <summary>The MSA transfer tenant (f8cdef31-…): where pass-through apps get Microsoft accounts' Entra tokens.</summary>
    public required Tenant MsaTransferTenant { get; init; }
    public required User User { get; init; }
    public required User User2 { get; init; }
    public required User NoAccessUser { get; init; }
    public required User OtherTenantUser { get; init; }
    /// <summary>A Microsoft account (personal account) with access to the Microsoft-account organization.</summary>
    public required User MsaUser { get; init; }
    public required ClientApp PublicClient { get; init; }
    public required ClientApp SecretClient { get; init; }
    public required ClientApp CertificateClient { get; init; }
    public required ClientApp WorkloadClient { get; init; }
    public required ClientApp GitHubClient { get; init; }
    public required ClientApp PipelinesClient { get; init; }
    public required ClientApp SystemManagedIdentity { get; init; }
    public required ClientApp UserManagedIdentity { get; init; }
    public required Organization Contoso { get; init; }
    public required Organization Fabrikam { get; init; }
    /// <summary>An organization backed by Microsoft accounts (EMULATOR_MSA_ORG).</summary>
    public required Organization MsaOrganization { get; init; }
    public required string PipelinesServiceConnectionId { get; init; }

    public IEnumerable<Tenant> Tenants => [MainTenant, OtherTenant, MsaTenant, MsaTransferTenant];
    public IEnumerable<User> Users => [User, User2, NoAccessUser, OtherTenantUser, MsaUser];
    public IEnumerable<ClientApp> Apps =>
        [PublicClient, SecretClient, CertificateClient, WorkloadClient, GitHubClient, PipelinesClient, SystemManagedIdentity, UserManagedIdentity];
    public IEnumerable<Organization> Organizations => [Contoso, Fabrikam, MsaOrganization];

    public Tenant? FindTenant(string idOrDomain) =>
        Tenants.FirstOrDefault(t => string.Equals(t.Id, idOrDomain, StringComparison.OrdinalIgnoreCase)
                                    || string.Equals(t.Domain, idOrDomain, StringComparison.OrdinalIgnoreCase));

    public User? FindUser(string upn) =>
        Users.FirstOrDefault(u => string.Equals(u.Upn, upn.Trim(), StringComparison.OrdinalIgnoreCase));

    public ClientApp? FindApp(string clientId) =>
        Apps.FirstOrDefault(a => string.Equals(a.ClientId, clientId, StringComparison.OrdinalIgnoreCase));

    public Organization? FindOrganization(string name) =>
        Organizations.FirstOrDefault(o => string.Equals(o.Name, name, StringComparison.OrdinalIgnoreCase));

    public static Catalog Create(Oidc.OidcIssuers issuers, X509Certificate2 spCertificate)
    {
        static string NewId() => Guid.NewGuid().ToString();

        var main = new Tenant(NewId(), "contoso.example");
        var other = new Tenant(NewId(), "woodgrove.example");
        var user = new User(NewId(), "alice@contoso.example", "Alice Example", main);
        var user2 = new User(NewId(), "bob@contoso.example", "Bob Example", main);
        var noAccess = new User(NewId(), "nora@contoso.example", "Nora Noaccess", main);
        var otherUser = new User(NewId(), "wendy@woodgrove.example", "Wendy Woodgrove", other);
        var msaTenant = new Tenant(WellKnown.MsaTenantId, "consumers");
        var transferTenant = new Tenant(WellKnown.MsaTransferTenantId, "msa-transfer.example");
        // Microsoft accounts' object ids in Entra tokens are their 64-bit PUID padded into a GUID.
        var msaUser = new User("00000000-0000-0000-" + NewId()[^17..], "max@outlook.example", "Max Personal", msaTenant)
        {
            PassThroughTenant = transferTenant,
        };

        ClientApp App(string name, string? secret = null, X509Certificate2? cert = null, FederatedCredential? federated = null) => new()
        {
            ClientId = NewId(),
            ObjectId = NewId(),
            DisplayName = name,
            Tenant = main,
            Secret = secret,
            Certificate = cert,
            FederatedCredentials = federated is null ? [] : [federated],
        };

        var publicClient = new ClientApp
        {
            ClientId = WellKnown.DefaultPublicClientId,
            ObjectId = NewId(),
            // Entra's own name for this client id in AADSTS9002332 (GCM issue 1297).
            DisplayName = "Visual Studio - Legacy",
            Tenant = main,
            IsPublicClient = true,
            IsMsaPassThrough = true,
        };
        var secretClient = App("contoso-ci-secret", secret: Hosting.UrlSafe.RandomToken(30));
        var certClient = App("contoso-ci-certificate", cert: spCertificate);
        var workload = App("contoso-workload", federated: new FederatedCredential(
            issuers.Kubernetes.IssuerUrl, WellKnown.KubernetesSubject, WellKnown.TokenExchangeAudience));
        var github = App("contoso-github-actions", federated: new FederatedCredential(
            issuers.GitHub.IssuerUrl, WellKnown.GitHubSubject, WellKnown.TokenExchangeAudience));
        var contosoId = NewId();
        var serviceConnectionId = NewId();
        var pipelinesIssuer = issuers.PipelinesIssuerUrl(contosoId);
        var pipelines = App("contoso-pipelines", federated: new FederatedCredential(
            pipelinesIssuer, $"sc://contoso/demo/{WellKnown.PipelinesServiceConnectionName}", WellKnown.TokenExchangeAudience));

        var systemMi = new ClientApp { ClientId = NewId(), ObjectId = NewId(), DisplayName = "contoso-app-service", Tenant = main, IsManagedIdentity = true };
        var userMi = new ClientApp
        {
            ClientId = NewId(),
            ObjectId = NewId(),
            DisplayName = "contoso-user-assigned",
            Tenant = main,
            IsManagedIdentity = true,
            ManagedIdentityResourceId =
                $"/subscriptions/{NewId()}/resourcegroups/contoso/providers/Microsoft.ManagedIdentity/userAssignedIdentities/contoso-user-assigned",
        };

        var contoso = new Organization
        {
            Name = "contoso",
            Id = contosoId,
            Tenant = main,
            MemberObjectIds = new HashSet<string>(
                [user.ObjectId, secretClient.ObjectId, certClient.ObjectId, workload.ObjectId, github.ObjectId,
                 pipelines.ObjectId, systemMi.ObjectId, userMi.ObjectId], StringComparer.OrdinalIgnoreCase),
            Projects = [new Project("demo", NewId(), ["demo"])],
        };
        var fabrikam = new Organization
        {
            Name = "fabrikam",
            Id = NewId(),
            Tenant = main,
            MemberObjectIds = new HashSet<string>([user2.ObjectId], StringComparer.OrdinalIgnoreCase),
            Projects = [new Project("demo", NewId(), ["demo"])],
        };
        var msaOrganization = new Organization
        {
            Name = MsaOrganizationName,
            Id = NewId(),
            Tenant = transferTenant,
            IsBackedByMicrosoftAccounts = true,
            MemberObjectIds = new HashSet<string>([msaUser.ObjectId], StringComparer.OrdinalIgnoreCase),
            Projects = [new Project("demo", NewId(), ["demo"])],
        };

        return new Catalog
        {
            MainTenant = main,
            OtherTenant = other,
            MsaTenant = msaTenant,
            MsaTransferTenant = transferTenant,
            User = user,
            User2 = user2,
            NoAccessUser = noAccess,
            OtherTenantUser = otherUser,
            MsaUser = msaUser,
            PublicClient = publicClient,
            SecretClient = secretClient,
            CertificateClient = certClient,
            WorkloadClient = workload,
            GitHubClient = github,
            PipelinesClient = pipelines,
            SystemManagedIdentity = systemMi,
            UserManagedIdentity = userMi,
            Contoso = contoso,
            Fabrikam = fabrikam,
            MsaOrganization = msaOrganization,
            PipelinesServiceConnectionId = serviceConnectionId,
        };
    }
}
