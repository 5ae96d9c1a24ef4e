using System.Globalization;

namespace GitEntraHelper.Commands;

/// <summary>How the commands write a token's expiry: to the minute in UTC for people, ISO 8601 in JSON.</summary>
internal static class TimeText
{
    /// <summary>"2026-12-02 07:30 UTC".</summary>
    public static string Minutes(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>"2026-12-02T07:30:00Z": ISO 8601 in UTC, for JSON.</summary>
    public static string Iso(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
