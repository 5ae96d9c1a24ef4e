namespace GitEntraHelper.AzureDevOps.Pats;

/// <summary>
/// One personal access token as the PAT lifecycle API lists it (MicrosoftDocs/vsts-rest-api-specs
/// tokens.json, PatToken): never its secret, which the API returns only when a token is created.
/// </summary>
/// <param name="AuthorizationId">The id revoke takes.</param>
/// <param name="DisplayName">The name the user gave it (server text: shown through the redactor, one line).</param>
/// <param name="Scope">Space-separated scopes; <see cref="FullAccessScope"/> means every scope.</param>
public sealed record PersonalAccessToken(Guid AuthorizationId, string DisplayName, string Scope, DateTimeOffset ValidFrom, DateTimeOffset ValidTo)
{
    /// <summary>The scope of a "Full access" token (the web UI's "Full access" choice).</summary>
    public const string FullAccessScope = "app_token";

    /// <summary>
    /// Longer than this counts as long-lived: Microsoft's guidance is short-lived tokens, and an
    /// administrator's maximum-lifespan policy is commonly set to 90 days or less (chosen; not a service rule).
    /// </summary>
    public static readonly TimeSpan LongLived = TimeSpan.FromDays(90);

    public bool IsFullAccess => Scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(FullAccessScope, StringComparer.OrdinalIgnoreCase);

    public bool IsLongLived => ValidTo - ValidFrom > LongLived;

    /// <summary>"full access", "long-lived (365 days)", both, or empty.</summary>
    public string Marks
    {
        get
        {
            var marks = new List<string>(2);
            if (IsFullAccess)
            {
                marks.Add("FULL ACCESS");
            }

            if (IsLongLived)
            {
                marks.Add($"LONG-LIVED ({(int)Math.Round((ValidTo - ValidFrom).TotalDays)} days)");
            }

            return string.Join(", ", marks);
        }
    }
}
