using System.Text.RegularExpressions;

namespace GitEntraHelper.AzureDevOps;

/// <summary>
/// Azure DevOps names each refusal with a code ("TF400813", "VS30063", "VS403463") in its body and in the
/// URL-encoded X-TFS-ServiceError header (kept for clients that hide bodies). One reader for both.
/// </summary>
public static partial class ServiceErrorCode
{
    public const string Header = "X-TFS-ServiceError";

    /// <summary>The first TF/VS code in <paramref name="text"/>, or null.</summary>
    public static string? Of(string text) => Code().Match(text) is { Success: true } match ? match.Value : null;

    /// <summary>The X-TFS-ServiceError header's text, decoded, or "" when there is none.</summary>
    public static string HeaderText(HttpResponseMessage response) =>
        response.Headers.TryGetValues(Header, out var values) ? Uri.UnescapeDataString(string.Join(" ", values)) : "";

    [GeneratedRegex(@"\b(TF|VS)\d{5,6}\b")]
    private static partial Regex Code();
}
