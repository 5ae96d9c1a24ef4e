using System.Globalization;
using GitEntraHelper.Diagnostics;
using GitEntraHelper.Platform;

namespace GitEntraHelper.Settings;

/// <summary>The browser sign-in's bound: MSAL's loopback listener itself waits until cancelled, however long that is.</summary>
public static partial class SettingKeys
{
    public static readonly SettingKey BrowserTimeout = Define(
        "credential.entraBrowserTimeout", Variables.BrowserTimeout, "600",
        "seconds a browser sign-in may stay open before git-credential-entra gives up with one line (the sign-in address is printed on stderr meanwhile)");
}

public sealed partial class HelperSettings
{
    /// <summary>How long a browser sign-in may wait for the user (5 s to an hour; default 10 minutes).</summary>
    public TimeSpan BrowserTimeout
    {
        get
        {
            string? value = GetString(SettingKeys.BrowserTimeout);
            if (string.IsNullOrWhiteSpace(value))
            {
                return DefaultBrowserTimeout;
            }

            return int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int seconds) && seconds is >= 5 and <= 3600
                ? TimeSpan.FromSeconds(seconds)
                : throw new HelperException($"{DescribeSource(SettingKeys.BrowserTimeout)} is '{value}', expected a number of seconds between 5 and 3600");
        }
    }

    /// <summary>Long enough to find a password and approve a second factor; short enough that a forgotten tab does not hold git.</summary>
    public static readonly TimeSpan DefaultBrowserTimeout = TimeSpan.FromMinutes(10);
}
