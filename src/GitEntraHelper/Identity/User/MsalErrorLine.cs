using GitEntraHelper.Diagnostics;
using GitEntraHelper.Settings;
using Microsoft.Identity.Client;

namespace GitEntraHelper.Identity.User;

/// <summary>
/// Turns an MSAL failure of a user sign-in into the one actionable line the user sees: Entra's AADSTS
/// sentence (<see cref="EntraErrorText"/>), never a JSON body or MSAL's advice; then `hint:` lines with the
/// fix for the codes a person meets (AADSTS50020: an account of another tenant) and Entra's trace and
/// correlation ids, which support asks for.
/// </summary>
internal static class MsalErrorLine
{
    /// <param name="flow">The interactive flow that failed, or null for a silent acquisition.</param>
    public static HelperException ToHelperException(MsalException e, string organization, string? tenant = null, SignInFlow? flow = null)
    {
        string first = EntraErrorText.Describe(e);
        string code = FirstLine(e.ErrorCode); // the server's "error" value: one line too (found by fuzz/ entra-errors)
        string where = tenant is null || tenant == "organizations" ? $"'{organization}'" : $"'{organization}' (tenant {tenant})";
        HelperException failure = e switch
        {
            // Conditional Access may block the device code flow alone (suberror message_only: no interaction
            // fixes it; azure-cli#32809), or want a compliant device the device code cannot prove; GCM issue 2368:
            // WSL fell back to the device code and was refused. The browser or the broker still meets the policy.
            MsalServiceException when flow == SignInFlow.DeviceCode && EntraErrorText.Code(e) is { } ca && ConditionalAccessCodes.Contains(ca) =>
                new($"Conditional Access of {where} does not allow signing in with a device code (AADSTS{ca}): sign in with the browser or the OS broker " +
                    $"instead (git config --global {SettingKeys.MsAuthFlow.GitConfigKey} system, or broker), from a desktop session or WSL, " +
                    $"or use a workload identity or the Azure CLI ({SettingKeys.AzureCli.GitConfigKey})", 1, e),
            MsalServiceException { StatusCode: >= 500 } s =>
                new($"Entra ID failed (HTTP {s.StatusCode}) while signing in for '{organization}': try again later ({code})", 1, e),
            MsalServiceException s =>
                new($"Entra ID refused the sign-in for {where}: {code}: {first}", 1, e),
            MsalClientException { InnerException: HttpRequestException h } =>
                new($"cannot reach Entra ID while signing in for '{organization}': {FirstLine(h.Message)}", 1, e),
            MsalClientException { ErrorCode: "request_timeout" or "service_not_available" } c =>
                new($"Entra ID did not answer in time while signing in for '{organization}' ({code}): try again", 1, e),
            _ => new($"sign-in for '{organization}' failed: {code}: {first}", 1, e),
        };
        return new HelperException(failure.Message, failure.ExitCode, e) { Hints = [.. Fix(e, organization, tenant), .. EntraErrorText.Ids(e)] };
    }

    /// <summary>What to do about the refusals a person can fix.</summary>
    private static IEnumerable<string> Fix(MsalException e, string organization, string? tenant)
    {
        string which = tenant is null || tenant == "organizations" ? "the organization's tenant" : $"tenant {tenant}";
        switch (EntraErrorText.Code(e))
        {
            case "50020": // the account signed in is neither a member nor a guest of the organization's tenant
                yield return $"that account is not in {which}";
                yield return $"sign in with one that is: git credential-entra logout {organization}, then run the git command again";
                yield return "or ask an administrator of that tenant to invite the account as a guest";
                break;
            case "50076" or "50079": // MFA required: only an interactive sign-in meets it
                yield return "multi-factor authentication is required: run the git command in a terminal or desktop session";
                break;
        }
    }

    /// <summary>
    /// Entra's codes for "Conditional Access will not issue a token to this sign-in": blocked by policy
    /// (53003, also what a policy that blocks the device code flow answers), a compliant, registered or
    /// managed device required (53000, 53001, 50097, 530003). A device code sign-in cannot satisfy them.
    /// </summary>
    private static readonly string[] ConditionalAccessCodes = ["53003", "53000", "53001", "50097", "530003"];

    internal static string FirstLine(string? message)
    {
        string line = EntraErrorText.FirstLine(message ?? string.Empty);
        return line.Length == 0 ? "(no details)" : line;
    }
}
