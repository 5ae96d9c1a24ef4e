namespace GitEntraHelper.Settings;

/// <summary>git's boolean spellings, for git config values, git's protocol and the environment alike.</summary>
public static class GitBoolean
{
    /// <summary>git config's boolean spellings (true/yes/on/1, false/no/off/0, empty = false).</summary>
    public static bool TryParse(string value, out bool result)
    {
        string v = value.Trim();
        if (v is "1" || v.Equals("true", StringComparison.OrdinalIgnoreCase) || v.Equals("yes", StringComparison.OrdinalIgnoreCase)
            || v.Equals("on", StringComparison.OrdinalIgnoreCase))
        {
            result = true;
            return true;
        }

        if (v is "0" or "" || v.Equals("false", StringComparison.OrdinalIgnoreCase) || v.Equals("no", StringComparison.OrdinalIgnoreCase)
            || v.Equals("off", StringComparison.OrdinalIgnoreCase))
        {
            result = false;
            return true;
        }

        result = false;
        return false;
    }

    /// <summary>True only for a value git reads as true; unset or unrecognised is false.</summary>
    public static bool IsTrue(string? value) => value is not null && TryParse(value, out bool result) && result;

    /// <summary>True only for a value git reads as false (so "0", "no", "off", "false", ""); unset or unrecognised is not.</summary>
    public static bool IsFalse(string? value) => value is not null && TryParse(value, out bool result) && !result;
}
