using GitEntraHelper.Diagnostics;
using Microsoft.Identity.Client;

namespace GitEntraHelper.Identity;

/// <summary>
/// MSAL 4.92 turns a success answer without access_token into a result without one (found by fuzz/
/// entra-errors): that is not a token response, for a user's sign-in as for a workload's grant.
/// </summary>
internal static class TokenResponse
{
    /// <param name="authorityHost">The Entra host asked, named in the message; null when the caller does not know it.</param>
    public static AuthenticationResult WithAccessToken(AuthenticationResult result, Uri? authorityHost = null) =>
        string.IsNullOrEmpty(result.AccessToken) ? throw NoAccessToken(authorityHost) : result;

    public static HelperException NoAccessToken(Uri? authorityHost) =>
        new($"Entra ID{(authorityHost is null ? string.Empty : " at " + authorityHost.GetLeftPart(UriPartial.Authority))} answered with something that is not a token response (no access_token): check AZURE_AUTHORITY_HOST and the proxy (HTTPS_PROXY).");
}
