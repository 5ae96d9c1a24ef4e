namespace GitEntraHelper.Identity;

/// <summary>The way the selector chose, and why (for traces and `diagnose`; never a secret).</summary>
/// <param name="Source">The token source.</param>
/// <param name="Reason">e.g. "AZURE_CLIENT_ID and AZURE_CLIENT_SECRET are set (environment)".</param>
public sealed record TokenSourceChoice(ITokenSource Source, string Reason);
