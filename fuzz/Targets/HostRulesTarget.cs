using GitEntraHelper.AzureDevOps;
using GitEntraHelper.Diagnostics;
using GitEntraHelper.Fuzz.Harness;
using GitEntraHelper.Platform;
using GitEntraHelper.Protocol;
using GitEntraHelper.Settings.GitConfig;

namespace GitEntraHelper.Fuzz.Targets;

/// <summary>
/// Which requests are ours: git's description (read by the real reader; refusals are the protocol
/// target's business) through <see cref="RemoteResolver.MayBeOurs"/> and <see cref="AzureDevOpsUrl.Match"/>,
/// as a host git config does not declare and as one it does. A host that is not ours never yields a
/// target; a declared host's target is that host and no other; the fast "not ours" of the front never
/// disagrees with the engine's answer; the tenant cache file of a target stays in its folder.
/// </summary>
internal sealed class HostRulesTarget : IFuzzTarget
{
    private static readonly string CacheDirectory = Path.Combine(Path.GetTempPath(), "git-entra-fuzz-host-rules");

    // A configuration world with no git config file at all: the prescan can prove no provider is declared.
    private static readonly DeclaredProviderPrescan NothingDeclared = new(
        new DictionaryEnvironmentVariables { [Variables.GitConfigNoSystem] = "1", [Variables.GitConfigGlobal] = Path.Combine(CacheDirectory, "absent-global") },
        CacheDirectory);

    private static readonly TenantCache Tenants = new(new HelperPaths(CacheDirectory, CacheDirectory));

    public string Name => "host-rules";

    public string Description => "AzureDevOpsUrl.Match and RemoteResolver.MayBeOurs: which hosts get a token, for which organization";

    public IReadOnlyList<string> Dictionaries => ["protocol"];

    public void Run(byte[] input)
    {
        CredentialRequest request;
        try
        {
            request = CredentialReader.Read(new MemoryStream(input));
        }
        catch (HelperException)
        {
            return;
        }

        bool wellKnown = AzureDevOpsUrl.IsWellKnownHost(request.Host);
        Invariant.Holds(!wellKnown || Oracles.IsWellKnownAzureDevOpsHost(WithoutDefaultPort(request.Host!)), $"IsWellKnownHost accepts {Invariant.Show(request.Host)}");

        Check(request, declaredByConfig: false);
        Check(request, declaredByConfig: true);

        bool mayBeOurs = RemoteResolver.MayBeOurs(NothingDeclared, request, out string whyNot);
        Invariant.Holds(mayBeOurs || whyNot.Length > 0, "MayBeOurs said no without a reason");
        Invariant.Holds(mayBeOurs || AzureDevOpsUrl.Match(request, declaredByConfig: false).Kind == RemoteKind.NotOurs,
            $"the front says not ours, the engine disagrees: {Invariant.Show(request.Protocol)}://{Invariant.Show(request.Host)}");
        Invariant.Holds(RemoteResolver.MayBeOurs(null, request, out _) || !mayBeOurs, "MayBeOurs without a prescan is stricter than with one");
    }

    private static void Check(CredentialRequest request, bool declaredByConfig)
    {
        RemoteMatch match = AzureDevOpsUrl.Match(request, declaredByConfig);
        switch (match.Kind)
        {
            case RemoteKind.NotOurs:
                Invariant.Holds(match.Target is null, "NotOurs with a target");
                return;
            case RemoteKind.Refused:
                Invariant.Holds(match.Target is null, "Refused with a target");
                Invariant.IsOneLine(match.Problem ?? string.Empty, "refusal");
                return;
        }

        AzureDevOpsTarget target = match.Target ?? throw new InvariantViolation("Ours without a target");
        string host = request.Host!;
        Invariant.Holds(string.Equals(request.Protocol, "https", StringComparison.OrdinalIgnoreCase), $"ours over {Invariant.Show(request.Protocol)}");
        Invariant.Holds(target.OrganizationUrl.Scheme == Uri.UriSchemeHttps, $"organization URL {target.OrganizationUrl} is not https");
        Invariant.Holds(AzureDevOpsUrl.IsValidOrganizationName(target.Organization) && target.Organization == Oracles.AsciiLower(target.Organization),
            $"organization {Invariant.Show(target.Organization)} is not a lower-case organization name");
        Invariant.Holds(target.TenantId is null && target.TenantSource == TenantSource.Unknown, "a host match must not decide the tenant");

        string authority = Oracles.AsciiLower(target.OrganizationUrl.IsDefaultPort ? target.OrganizationUrl.Host : target.OrganizationUrl.Authority);
        if (Oracles.IsWellKnownAzureDevOpsHost(WithoutDefaultPort(host)))
        {
            bool devAzure = authority == AzureDevOpsUrl.DevAzureHost;
            Invariant.Holds(devAzure || authority == target.Organization + AzureDevOpsUrl.VisualStudioSuffix,
                $"{Invariant.Show(host)} became the organization URL {target.OrganizationUrl}");
        }
        else
        {
            Invariant.Holds(declaredByConfig, $"{Invariant.Show(host)} is not an Azure DevOps host and nothing declares it, but it got the target {target.OrganizationUrl}");
            // The same server, as Uri writes it ("043" is port 43, "80" the address 0.0.0.80): what matters is
            // that nothing of the host became userinfo, path or query of the organization URL.
            string? asUrl = Oracles.IsPlainHost(host) && Uri.TryCreate($"https://{host}/", UriKind.Absolute, out Uri? alone)
                ? Oracles.AsciiLower(alone.IsDefaultPort ? alone.Host : alone.Authority)
                : null;
            Invariant.Holds(authority == asUrl, $"the declared host {Invariant.Show(host)} became the organization URL {target.OrganizationUrl} (another host than {Invariant.Show(asUrl)})");
        }

        string cacheFile = Tenants.PathFor(target);
        Invariant.Holds(Path.GetDirectoryName(cacheFile) == Path.Combine(CacheDirectory, "tenants") && Path.GetFileName(cacheFile) is not ("" or "." or ".."),
            $"the tenant cache file {Invariant.Show(cacheFile)} is not inside its folder");
    }

    /// <summary>"name:443" → "name" (and "name:0443"): git's URL and Uri treat them as the same server.</summary>
    private static string WithoutDefaultPort(string host)
    {
        int colon = host.LastIndexOf(':');
        return colon > 0 && !host[(colon + 1)..].Contains(']', StringComparison.Ordinal) && host[(colon + 1)..].TrimStart('0') == "443" ? host[..colon] : host;
    }
}
