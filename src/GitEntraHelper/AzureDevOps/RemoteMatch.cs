namespace GitEntraHelper.AzureDevOps;

/// <summary>What <see cref="AzureDevOpsUrl.Match"/> decided about one git request.</summary>
public enum RemoteKind
{
    /// <summary>Not Azure DevOps: exit 0 with no output so git asks the next helper.</summary>
    NotOurs,

    /// <summary>Azure DevOps; <see cref="RemoteMatch.Target"/> names the organization.</summary>
    Ours,

    /// <summary>Azure DevOps but unusable (plain http, no organization): fail with <see cref="RemoteMatch.Problem"/>.</summary>
    Refused,
}

/// <param name="Kind">The decision.</param>
/// <param name="Target">The organization when <see cref="RemoteKind.Ours"/>; tenant still unknown.</param>
/// <param name="Problem">One actionable line when <see cref="RemoteKind.Refused"/>.</param>
public sealed record RemoteMatch(RemoteKind Kind, AzureDevOpsTarget? Target = null, string? Problem = null)
{
    public static RemoteMatch NotOurs { get; } = new(RemoteKind.NotOurs);

    public static RemoteMatch Refuse(string problem) => new(RemoteKind.Refused, Problem: problem);
}
