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

        if (v.Length != 36 || !Guid.TryParseExact(v, "D", out Guid guid))
        {
            return false;
        }

        tenantId = guid == Guid.Empty ? Organizations : guid.ToString("D");
        return true;
    }
}
