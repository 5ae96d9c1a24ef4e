using System.Text.RegularExpressions;

namespace GitEntraHelper.Fuzz.Harness;

/// <summary>
/// The security rules restated independently of the product code (regular expressions instead of its
/// hand-written scanners), so a target can check the product's answer against them.
/// </summary>
internal static partial class Oracles
{
    /// <summary>The only tenant values the helper may ever use: a lower-case hyphenated GUID (not all zeros) or "organizations".</summary>
    public static bool IsAcceptableTenant(string? tenant) =>
        tenant is not null && (tenant == "organizations" || (CanonicalGuid().IsMatch(tenant) && tenant != Guid.Empty.ToString("D")));

    /// <summary>True when <paramref name="tenant"/> (as the helper returns it) is spelled somewhere in <paramref name="input"/>.</summary>
    public static bool IsNamedIn(string tenant, string input) =>
        tenant == "organizations"
            ? input.Contains("organizations", StringComparison.OrdinalIgnoreCase) || input.Contains(Guid.Empty.ToString("D"), StringComparison.Ordinal)
            : input.Contains(tenant, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A Microsoft-hosted Azure DevOps host: dev.azure.com or one DNS label (not punycode) before
    /// .visualstudio.com, any ASCII case, default port only.
    /// </summary>
    public static bool IsWellKnownAzureDevOpsHost(string? host) =>
        host is not null && AsciiLower(host) is var lower
        && (DevAzure().IsMatch(lower) || (VisualStudio().Match(lower) is { Success: true } m && !m.Groups["label"].Value.StartsWith("xn--", StringComparison.Ordinal)));

    /// <summary>A host[:port] as a URL's authority carries it: name characters or an IP literal, never userinfo, path or query.</summary>
    public static bool IsPlainHost(string host) => PlainHost().IsMatch(AsciiLower(host));

    /// <summary>
    /// Lower-cases A-Z only. Culture-aware or Unicode case folding would let look-alikes through (the
    /// Kelvin sign folds to 'k', the long s to 's'); the patterns below are case-sensitive for that reason.
    /// </summary>
    public static string AsciiLower(string text) =>
        string.Create(text.Length, text, static (span, source) =>
        {
            for (int i = 0; i < source.Length; i++)
            {
                span[i] = source[i] is >= 'A' and <= 'Z' ? (char)(source[i] + 32) : source[i];
            }
        });

    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    private static partial Regex CanonicalGuid();

    [GeneratedRegex("^dev\\.azure\\.com(:443)?$")]
    private static partial Regex DevAzure();

    [GeneratedRegex("^(?<label>[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)\\.visualstudio\\.com(:443)?$")]
    private static partial Regex VisualStudio();

    [GeneratedRegex("^([a-z0-9._-]+|\\[[0-9a-f:.]+\\])(:[0-9]+)?$")]
    private static partial Regex PlainHost();
}
