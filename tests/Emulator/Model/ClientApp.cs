using System.Security.Cryptography.X509Certificates;

namespace Emulator.Model;

/// <summary>
/// An app registration with its service principal (the object id Azure DevOps sees).
/// Public clients sign users in; confidential clients prove themselves with a secret,
/// a certificate or a federated assertion; managed identities only get tokens from the
/// managed identity endpoint.
/// </summary>
internal sealed class ClientApp
{
    public required string ClientId { get; init; }
    public required string ObjectId { get; init; }
    public required string DisplayName { get; init; }
    public required Tenant Tenant { get; init; }
    public bool IsPublicClient { get; init; }
    public bool IsManagedIdentity { get; init; }
    /// <summary>
    /// Microsoft-account pass-through (MSA-PT): an app registered for work and school accounts that
    /// Microsoft accounts may still use through "organizations" and the MSA transfer tenant, as
    /// Visual Studio's client (GCM's Azure Repos client id) does.
    /// </summary>
    public bool IsMsaPassThrough { get; init; }
    public string? Secret { get; init; }
    public X509Certificate2? Certificate { get; init; }
    public IReadOnlyList<FederatedCredential> FederatedCredentials { get; init; } = [];
    /// <summary>Azure resource id of a user-assigned managed identity (mi_res_id).</summary>
    public string? ManagedIdentityResourceId { get; init; }

    public bool IsConfidential => Secret is not null || Certificate is not null || FederatedCredentials.Count > 0;
}
