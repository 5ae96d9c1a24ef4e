using GitEntraHelper.AzureDevOps;
using GitEntraHelper.Diagnostics;
using GitEntraHelper.Fuzz.Harness;

namespace GitEntraHelper.Fuzz.Targets;

/// <summary>
/// Every value a tenant can come from as text: the X-VSS-ResourceTenant header
/// (<see cref="TenantChallenge.FromResourceTenantHeader"/>), a cached or configured id
/// (<see cref="TenantId.TryNormalize"/>) and IT's allow-list (<see cref="TenantPolicy.Parse"/>, which
/// refuses with <see cref="HelperException"/>). No parser accepts a tenant that is not a GUID or
/// "organizations", and the allow-list never allows what it does not list.
/// </summary>
internal sealed class TenantHeaderTarget : IFuzzTarget
{
    public string Name => "tenant-header";

    public string Description => "X-VSS-ResourceTenant, TenantId.TryNormalize and the entraAllowedTenants list";

    public IReadOnlyList<string> Dictionaries => ["challenge"];

    public void Run(byte[] input)
    {
        if (Lines.Values(input) is not { } values)
        {
            return;
        }

        string all = string.Join('\n', values);
        string? fromHeader = TenantChallenge.FromResourceTenantHeader(values);
        if (fromHeader is not null)
        {
            Invariant.Holds(Oracles.IsAcceptableTenant(fromHeader), $"header tenant {Invariant.Show(fromHeader)} is not a GUID or organizations");
            Invariant.Holds(Oracles.IsNamedIn(fromHeader, all), $"header tenant {fromHeader} is not in the header");
        }

        foreach (string value in values)
        {
            if (TenantId.TryNormalize(value, out string tenant))
            {
                Invariant.Holds(Oracles.IsAcceptableTenant(tenant), $"TryNormalize({Invariant.Show(value)}) accepted {Invariant.Show(tenant)}");
                Invariant.Holds(Oracles.IsNamedIn(tenant, value), $"TryNormalize({Invariant.Show(value)}) made up {tenant}");
                Invariant.Holds(TenantId.TryNormalize(tenant, out string again) && again == tenant, $"TryNormalize is not idempotent for {tenant}");
            }
            else
            {
                Invariant.Holds(tenant.Length == 0, "TryNormalize refused but returned a tenant");
            }

            CheckPolicy(value);
        }
    }

    private static void CheckPolicy(string value)
    {
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            return; // a git config value never holds a NUL
        }

        TenantPolicy policy;
        try
        {
            policy = TenantPolicy.Parse(value);
        }
        catch (HelperException e)
        {
            Invariant.IsOneLine(e.Message, "allow-list refusal");
            return;
        }

        Invariant.Holds(policy.Restricts && policy.AllowedTenants!.Count > 0, $"the allow-list {Invariant.Show(value)} parsed to no restriction");
        foreach (Guid allowed in policy.AllowedTenants!)
        {
            string id = allowed.ToString("D");
            Invariant.Holds(value.Contains(id, StringComparison.OrdinalIgnoreCase), $"the allow-list {Invariant.Show(value)} allows {id}, which it does not list");
            Invariant.Holds(policy.Allows(id), $"the allow-list does not allow its own {id}");
        }

        foreach (string? other in (string?[])[null, "organizations", "common", "", Guid.Empty.ToString("D")])
        {
            Invariant.Holds(!policy.Allows(other) || (other is not null && policy.AllowedTenants!.Contains(Guid.Empty) && other == Guid.Empty.ToString("D")),
                $"the allow-list {Invariant.Show(value)} allows {Invariant.Show(other)}");
        }
    }
}
