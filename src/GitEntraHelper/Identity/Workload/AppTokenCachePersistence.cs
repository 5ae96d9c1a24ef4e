using Microsoft.Identity.Client;

namespace GitEntraHelper.Identity.Workload;

/// <summary>
/// Makes an MSAL app token cache outlive the process (encrypted, cross-process locked), so the many git
/// processes of one CI job share one grant per identity. Supplied by the TokenCache area.
/// </summary>
public interface IAppTokenCachePersistence
{
    Task AttachAsync(ITokenCache appTokenCache, CancellationToken cancellationToken);
}
