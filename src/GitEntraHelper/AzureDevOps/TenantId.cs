namespace GitEntraHelper.AzureDevOps;

/// <summary>
/// The only tenant values we accept from anywhere: a GUID (returned lower-case, hyphenated) or
/// "organizations". The all-zero GUID, which Azure DevOps reports for organizations backed by
/// Microsoft accounts, becomes "organizations". Anything else — names, "common", URLs — is refused,
/// so a challenge can never steer us to an authority of its choosing.
/// </summary>
public static class TenantId
{
    public const string Organizations = "organizations";

    public static bool TryNormalize(string? value, out string tenantId)
    {
        tenantId = string.Empty;
        string v = value?.Trim() ?? string.Empty;
        if (v.Equals(Organizations, StringComparison.OrdinalIgnoreCase))
        {
            tenantId = Organizations;
            return true;
        }

        if (!TryParseGuid(v, out Guid guid))
        {
            return false;
        }

        tenantId = guid == Guid.Empty ? Organizations : guid.ToString("D");
        return true;
    }

    /// <summary>
    /// A GUID written as tenant ids are, 8-4-4-4-12 hex digits, in either case. Guid.TryParseExact "D"
    /// alone is not enough: it also takes a sign inside a group ("00000000-0000-+000-…", found by fuzz/).
    /// </summary>
    public static bool TryParseGuid(string? value, out Guid guid)
    {
        guid = Guid.Empty;
        if (value is not { Length: 36 })
        {
            return false;
        }

        for (int i = 0; i < value.Length; i++)
        {
            if (i is 8 or 13 or 18 or 23 ? value[i] != '-' : !char.IsAsciiHexDigit(value[i]))
            {
                return false;
            }
        }

        return Guid.TryParseExact(value, "D", out guid);
    }
}
