namespace Emulator.Model;

/// <summary>Fixed identifiers shared with the real services.</summary>
internal static class WellKnown
{
    /// <summary>Azure DevOps resource (application) id: the audience of its access tokens.</summary>
    public const string AzureDevOpsResource = "499b84ac-1321-427f-aa17-267ca6975798";

    /// <summary>GCM's Azure Repos public client, the helper's default client id.</summary>
    public const string DefaultPublicClientId = "872cd9fa-d31f-45e0-9eab-6e460a02d1f1";

    /// <summary>Audience Entra expects in federated assertions.</summary>
    public const string TokenExchangeAudience = "api://AzureADTokenExchange";

    public const string GitHubSubject = "repo:contoso/demo:ref:refs/heads/main";
    public const string GitHubPullRequestSubject = "repo:contoso/demo:pull_request";
    public const string KubernetesSubject = "system:serviceaccount:default:git-credential-entra";
    public const string PipelinesServiceConnectionName = "contoso-demo-entra";
}
