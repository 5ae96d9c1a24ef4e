namespace Emulator.Model;

/// <summary>Fixed identifiers shared with the real services.</summary>
internal static class WellKnown
{
    /// <summary>Azure DevOps resource (application) id: the audience of its access tokens.</summary>
    public const string AzureDevOpsResource = "499b84ac-1321-427f-aa17-267ca6975798";

    /// <summary>GCM's Azure Repos public client, the helper's default client id.</summary>
    public const string DefaultPublicClientId = "872cd9fa-d31f-45e0-9eab-6e460a02d1f1";

    /// <summary>Home tenant of every Microsoft account (the "consumers" tenant), as MSAL.NET and GCM name it.</summary>
    public const string MsaTenantId = "9188040d-6c67-4c5b-b112-36a304b66dad";

    /// <summary>
    /// The MSA "transfer" tenant (Microsoft Services) where pass-through apps get Entra tokens for a
    /// Microsoft account; GCM sends silent requests for such accounts here (GCM PR 1358, issue 1297).
    /// </summary>
    public const string MsaTransferTenantId = "f8cdef31-a31e-4b4a-93e4-5f571e91255a";

    /// <summary>X-VSS-ResourceTenant of an organization backed by Microsoft accounts.</summary>
    public const string ZeroTenantId = "00000000-0000-0000-0000-000000000000";

    /// <summary>Audience Entra expects in federated assertions.</summary>
    public const string TokenExchangeAudience = "api://AzureADTokenExchange";

    public const string GitHubSubject = "repo:contoso/demo:ref:refs/heads/main";
    public const string GitHubPullRequestSubject = "repo:contoso/demo:pull_request";
    public const string KubernetesSubject = "system:serviceaccount:default:git-credential-entra";
    public const string PipelinesServiceConnectionName = "contoso-demo-entra";
}
