using GitEntraHelper.Diagnostics;
using GitEntraHelper.Protocol;

namespace GitEntraHelper.Commands;

/// <summary>
/// `store`: git reports that a credential worked. Our tokens live in the token cache already and are
/// marked ephemeral, so there is nothing to write; the input is still read strictly (by the caller) so a
/// malformed request is reported, and so git's pipe is drained.
/// </summary>
public static class StoreCommand
{
    public static int Run(CredentialRequest request, HelperTrace trace)
    {
        trace.Write("store", $"nothing to store for {request.Host}: tokens are kept in the token cache, never by git");
        return 0;
    }
}
