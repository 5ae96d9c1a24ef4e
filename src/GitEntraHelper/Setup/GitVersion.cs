using System.Globalization;

namespace GitEntraHelper.Setup;

/// <summary>The installed git's version, as far as configure needs it.</summary>
public sealed record GitVersion(int Major, int Minor, int Patch)
{
    /// <summary>
    /// git 2.26 matches <c>credential.&lt;url&gt;</c> like <c>http.&lt;url&gt;</c>: a <c>*</c> in the host
    /// (https://*.visualstudio.com) and path prefixes (https://dev.azure.com/contoso). Older git compares
    /// host names exactly, so configure writes host-level or per-organization URLs instead.
    /// </summary>
    public static readonly GitVersion UrlPatterns = new(2, 26, 0);

    public bool SupportsUrlPatterns => IsAtLeast(UrlPatterns);

    /// <summary>Parses `git version` output: "git version 2.39.5", "… 2.45.1.windows.1", "… 2.39.3 (Apple Git-146)".</summary>
    public static GitVersion? Parse(string output)
    {
        const string Prefix = "git version ";
        string line = output.Trim();
        if (!line.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        string[] parts = line[Prefix.Length..].Split('.', ' ');
        int[] numbers = new int[3];
        for (int i = 0; i < 3; i++)
        {
            if (i >= parts.Length || !int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]))
            {
                if (i < 2)
                {
                    return null;
                }

                numbers[i] = 0;
            }
        }

        return new GitVersion(numbers[0], numbers[1], numbers[2]);
    }

    public bool IsAtLeast(GitVersion other) =>
        Major != other.Major ? Major > other.Major
        : Minor != other.Minor ? Minor > other.Minor
        : Patch >= other.Patch;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}.{Patch}");
}
