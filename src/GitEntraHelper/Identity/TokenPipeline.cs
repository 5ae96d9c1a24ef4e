using GitEntraHelper.AzureDevOps;
using GitEntraHelper.Identity.User;
using GitEntraHelper.Protocol;
using GitEntraHelper.Settings;

namespace GitEntraHelper.Identity;

/// <summary>Why a command wants a token source; decides tenant probing and whether a human may be asked.</summary>
public enum TokenPurpose
{
    /// <summary>`get`: answer git; the tenant may be probed; a human may be asked when one can be reached.</summary>
    Answer,

    /// <summary>`token`: the same, for a person's REST call.</summary>
    Print,

    /// <summary>`diagnose`: walk the path of a get; a human only through a desktop window (stdout is the report).</summary>
    Check,

    /// <summary>`erase`: forget a refused token; never a probe, never a sign-in.</summary>
    Forget,
}

/// <summary>The way to a token for one request: its allowed target, the request a source gets, and the source chosen.</summary>
public sealed record TokenPlan(AzureDevOpsTarget Target, TokenRequest Request, TokenSourceChoice Choice)
{
    public ITokenSource Source => Choice.Source;
}

/// <summary>
/// The one path from a request to a token source, for every command that can make a grant (get, erase,
/// token, diagnose and the PAT commands): is it ours and for which organization (<see cref="RemoteResolver"/>)
/// → its tenant, with IT's allow-list checked inside tenant resolution (<see cref="TenantResolver"/>) →
/// the token request → the token source (<see cref="TokenSourceSelector"/>). Commands differ only in the
/// <see cref="TokenPurpose"/> they ask for; none re-spells a stage, so none can skip the policy.
/// </summary>
public sealed class TokenPipeline(RemoteResolver remotes, TenantResolver tenants, IdentityServices identity, Func<bool> stderrIsTerminal)
{
    public RemoteResolver Remotes => remotes;

    /// <summary>Stage 1: ours? Null means not ours (exit 0 silently).</summary>
    public AzureDevOpsRequest? Resolve(CredentialRequest request, out HelperSettings? settingsRead) =>
        remotes.Resolve(request, out settingsRead);

    /// <summary>Stage 2: the organization's tenant, refused unless IT policy allows it.</summary>
    public Task<AzureDevOpsTarget> ResolveTenantAsync(AzureDevOpsRequest resolved, TokenPurpose purpose, CancellationToken cancellationToken) =>
        purpose == TokenPurpose.Forget
            ? Task.FromResult(tenants.ResolveWithoutProbe(resolved.Target, resolved.Request.WwwAuth, resolved.Settings))
            : tenants.ResolveAsync(resolved.Target, resolved.Request.WwwAuth, resolved.Settings, cancellationToken);

    /// <summary>Stages 3 and 4: the token request for an allowed target, and the source that answers it.</summary>
    public TokenPlan Plan(AzureDevOpsRequest resolved, AzureDevOpsTarget allowed, TokenPurpose purpose)
    {
        CredentialRequest git = resolved.Request;
        var request = new TokenRequest(
            allowed,
            ClaimsChallenge.FromWwwAuthenticate(git.WwwAuth),
            purpose == TokenPurpose.Forget ? ChallengeRetry.RejectedToken(git) : ChallengeRetry.RetriedToken(git),
            InteractionFor(resolved.Settings, purpose));
        return new TokenPlan(allowed, request, new TokenSourceSelector(identity, resolved.Settings).Choose(request));
    }

    /// <summary>All stages for one request.</summary>
    public async Task<TokenPlan> PlanAsync(AzureDevOpsRequest resolved, TokenPurpose purpose, CancellationToken cancellationToken) =>
        Plan(resolved, await ResolveTenantAsync(resolved, purpose, cancellationToken).ConfigureAwait(false), purpose);

    /// <summary>After git rejected a token: the next get learns the tenant afresh (the organization may have moved).</summary>
    public void ForgetTenant(AzureDevOpsTarget target) => tenants.Forget(target);

    private InteractionDecision InteractionFor(HelperSettings settings, TokenPurpose purpose)
    {
        if (purpose == TokenPurpose.Forget)
        {
            return InteractionDecision.Off("erase never signs in");
        }

        Func<string, string?> environment = identity.Environment.Get;
        InteractivePreference preference = UserSignInSettings.ParseInteractive(settings.GetString(SettingKeys.Interactive), settings.DescribeSource(SettingKeys.Interactive));
        return InteractionPolicy.Decide(
            preference,
            environment,
            () => identity.Terminal.IsAvailable,
            () => InteractionPolicy.HasDesktop(environment),
            purpose == TokenPurpose.Check ? static () => false : stderrIsTerminal);
    }
}
