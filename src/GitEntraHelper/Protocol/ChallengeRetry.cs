using GitEntraHelper.Diagnostics;

namespace GitEntraHelper.Protocol;

/// <summary>
/// git ≥ 2.46 multistage answers (<c>capability[]=state</c>): our `get` says <c>continue=1</c> and leaves a
/// <c>state[]</c> naming the token it gave. When Azure DevOps then refuses that token, git asks again —
/// with the refusal's <c>wwwauth[]</c> and our state — instead of failing, so a claims challenge (CAE) or a
/// token revoked server-side is fixed within the same git command. The retry's answer carries no
/// <c>continue</c>, so a second refusal goes the usual way (erase, then fail): never a loop.
/// </summary>
public static class ChallengeRetry
{
    /// <summary>git asks each helper to prefix its state values with a name of its own.</summary>
    private const string Prefix = "entra:token=";

    /// <summary>True when git asks again after refusing the token our previous answer gave.</summary>
    public static bool IsRetry(CredentialRequest request) => RetriedToken(request) is not null;

    /// <summary>
    /// The fingerprint of the token our previous answer gave, when git asks again after Azure DevOps
    /// refused it; null on a first ask. A source refreshes only when its current token has this
    /// fingerprint, so a forged marker cannot make it ask Entra for a token on every call.
    /// </summary>
    public static string? RetriedToken(CredentialRequest request)
    {
        if (!request.HasCapability("state"))
        {
            return null;
        }

        foreach (string state in request.State)
        {
            if (state.StartsWith(Prefix, StringComparison.Ordinal))
            {
                return state[Prefix.Length..];
            }
        }

        return null;
    }

    /// <summary>The token git reports as rejected in an erase (password or Bearer credential), as a fingerprint.</summary>
    public static string? RejectedToken(CredentialRequest request) =>
        request.Credential is { IsEmpty: false } credential ? TokenFingerprint.Of(credential)
        : request.Password is { IsEmpty: false } password ? TokenFingerprint.Of(password)
        : null;

    /// <summary>Adds <c>continue=1</c> and our state to a first answer when git understands them.</summary>
    public static CredentialResponse Annotate(CredentialResponse response, CredentialRequest request, Secret token)
    {
        if (!request.HasCapability("state") || IsRetry(request))
        {
            return response;
        }

        return response
            .Add("capability[]", "state")
            .Add("state[]", Prefix + TokenFingerprint.Of(token))
            .Add("continue", "1");
    }
}
