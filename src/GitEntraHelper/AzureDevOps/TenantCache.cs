using GitEntraHelper.Platform;

namespace GitEntraHelper.AzureDevOps;

/// <summary>
/// One small file per organization under the cache directory (<c>tenants/HOST[_PORT]_ORG</c>) holding
/// its tenant id, so the unauthenticated probe runs once per organization, not once per git command.
/// A file whose content is not a valid tenant id is ignored (and replaced on the next discovery).
/// </summary>
public sealed class TenantCache
{
    private readonly string _directory;

    public TenantCache(HelperPaths paths) => _directory = Path.Combine(paths.CacheDirectory, "tenants");

    public string PathFor(AzureDevOpsTarget target)
    {
        Uri url = target.OrganizationUrl;
        string host = url.IsDefaultPort ? url.Host : $"{url.Host}_{url.Port}";
        string name = url.Host.EndsWith(AzureDevOpsUrl.VisualStudioSuffix, StringComparison.OrdinalIgnoreCase)
            ? host
            : $"{host}_{target.Organization}";
        return Path.Combine(_directory, Sanitize(name.ToLowerInvariant()));
    }

    public string? TryRead(AzureDevOpsTarget target)
    {
        try
        {
            string text = File.ReadAllText(PathFor(target));
            return TenantId.TryNormalize(text, out string tenant) ? tenant : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public void Write(AzureDevOpsTarget target, string tenantId) => AtomicFile.WriteAllText(PathFor(target), tenantId + "\n");

    public void Forget(AzureDevOpsTarget target)
    {
        try
        {
            File.Delete(PathFor(target));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // the next discovery overwrites it anyway
        }
    }

    // Host names, ports and organization names are already restricted; this keeps IPv6 brackets and colons out of file names.
    private static string Sanitize(string name) =>
        string.Create(name.Length, name, static (span, source) =>
        {
            for (int i = 0; i < source.Length; i++)
            {
                char c = source[i];
                span[i] = char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_';
            }
        });
}
