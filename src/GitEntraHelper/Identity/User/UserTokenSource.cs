using GitEntraHelper.AzureDevOps;
using GitEntraHelper.Diagnostics;
using GitEntraHelper.Platform;
using GitEntraHelper.Protocol;
using GitEntraHelper.Settings;
using GitEntraHelper.TokenCache;
using Microsoft.Identity.Client;

namespace GitEntraHelper.Identity.User;

/// <summary>
/// The signed-in developer: the bound account's cached token first (without the lock), then under the
/// single-flight lock silent acquisition (refreshing when needed, never re-using a token Azure DevOps
/// refused or git erased), then — only when a human can be reached — an interactive sign-in (broker,
/// system browser or device code) whose account is then bound to the organization. Over 300 lines on
/// purpose: it is one state machine (cached → silent → refused → interactive → bound) whose invariants
/// (what is bound when, which token may never come back) read best in one place.
/// </summary>
internal sealed class UserTokenSource(
    UserSignInSettings settings,
    IMsalUserClientFactory clients,
    ITokenCachePersistence cache,
    IAccountBindingStore bindings,
    IReadOnlyDictionary<SignInFlow, IInteractiveSignIn> flows,
    Func<BrokerStatus> brokerProbe,
    bool browserConfigured,
    IAccountAccessCheck access,
    HelperTrace trace,
    ITerminal? notices = null) : ITokenSource
{
    public string Name => "user";

    public async Task<AccessTokenResult> GetTokenAsync(TokenRequest request, CancellationToken cancellationToken)
    {
        string tenant = TenantOf(request.Target);
        if (await CachedAsync(request, tenant, cancellationToken).ConfigureAwait(false) is { } cached)
        {
            return cached;
        }

        // One acquisition at a time across processes: a git process that waited here finds the other's
        // refreshed token or fresh sign-in in the cache instead of starting its own.
        await using (await cache.EnterSingleFlightAsync($"user:{settings.ClientId}:{tenant}", $"signing in to '{request.Target.Organization}'", cancellationToken).ConfigureAwait(false))
        {
            return await AcquireAsync(request, tenant, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task ForgetAsync(TokenRequest request, CancellationToken cancellationToken)
    {
        string tenant = TenantOf(request.Target);
        string organization = request.Target.Organization;
        AccountBinding? binding = await bindings.GetAsync(organization, cancellationToken).ConfigureAwait(false);
        string? claims = ClaimsChallenge.ToJson(request.Claims);
        if (binding is null && settings.PinnedUsername is null && claims is null)
        {
            // Every token this source hands out leaves a binding behind, so without one it gave none.
            trace.Write("signin", $"erase: no account is bound to '{organization}'; nothing to forget");
            return;
        }

        (IMsalUserClient client, PickedAccount? picked) = await FindAccountAsync(tenant, binding, cancellationToken).ConfigureAwait(false);
        AccountBinding updated = binding ?? new AccountBinding(organization, null, TenantId: GuidOrNull(tenant));

        if (picked is not null)
        {
            Secret? current = null;
            try
            {
                // Only the token this account would hand out now can be forgotten; one git names that is not
                // it (replaced already, or not ours) changes nothing.
                AuthenticationResult result = await client.AcquireSilentAsync(picked.Account, null, false, cancellationToken).ConfigureAwait(false);
                var cached = new Secret(result.AccessToken);
                current = request.Refuses(cached) ? cached : null;
                if (current is not null)
                {
                    updated = updated with { RejectedToken = request.RefusedToken };
                    trace.Write("signin", $"erase: the cached token for '{organization}' will not be handed out again");
                }
                else
                {
                    trace.Write("signin", $"erase: the token git rejected is not the one cached for '{organization}'; nothing to forget");
                }
            }
            catch (MsalException e)
            {
                trace.Write("signin", $"erase: no cached token to forget ({e.ErrorCode})");
            }

            if (current is { } refused && claims is null && await AccountRefusedAsync(request.Target, picked.Account, refused, cancellationToken).ConfigureAwait(false) is { } verdict)
            {
                updated = Refused(organization, updated, picked.Account, verdict);
            }
        }

        if (claims is not null)
        {
            updated = updated with { PendingClaims = claims };
            trace.Write("signin", $"erase: the next token for '{organization}' will carry the challenge's claims");
        }

        if (updated != binding && (updated.Username is not null || updated.RefusedUsername is not null || updated.PendingClaims is not null || updated.RejectedToken is not null))
        {
            await bindings.SaveAsync(updated, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The bound account's token straight from the cache, before the single-flight lock: a get whose token is
    /// cached never waits for another process that is refreshing, signing someone in, or stopped. Anything
    /// that needs a decision — a refused or erased token, claims, the broker, a refresh — goes under the lock.
    /// </summary>
    private async Task<AccessTokenResult?> CachedAsync(TokenRequest request, string tenant, CancellationToken cancellationToken)
    {
        if (request.RefusedToken is not null || request.Claims is not null)
        {
            return null;
        }

        AccountBinding? binding = await bindings.GetAsync(request.Target.Organization, cancellationToken).ConfigureAwait(false);
        if (binding is null or { PendingClaims: not null } or { ViaBroker: true })
        {
            return null;
        }

        AuthenticationResult? result;
        PickedAccount? picked;
        try
        {
            (IMsalUserClient client, picked) = await FindAccountAsync(tenant, binding, cancellationToken).ConfigureAwait(false);
            result = picked is null || client.UsesBroker ? null : await client.AcquireCachedAsync(picked.Account, cancellationToken).ConfigureAwait(false);
        }
        catch (MsalException)
        {
            return null; // the path under the lock reports it in its one-line form
        }

        if (result is null || picked is null || (binding.RejectedToken is { } erased && TokenFingerprint.Of(new Secret(result.AccessToken)) == erased))
        {
            return null;
        }

        trace.Write("signin", $"silent: token for {picked.Account.Username} from the cache, without the lock");
        return await AcceptAsync(result, request.Target, tenant, binding, picked.Implicit, viaBroker: false, interactive: false, cancellationToken).ConfigureAwait(false);
    }

    private async Task<AccessTokenResult> AcquireAsync(TokenRequest request, string tenant, CancellationToken cancellationToken)
    {
        string organization = request.Target.Organization;
        AccountBinding? binding = await bindings.GetAsync(organization, cancellationToken).ConfigureAwait(false);
        string? claims = ClaimsChallenge.ToJson(request.Claims) ?? binding?.PendingClaims;
        if (claims is not null)
        {
            trace.Write("signin", $"claims challenge: asking for a token with the claims Azure DevOps demanded{(request.Claims is null ? " (remembered at erase)" : string.Empty)}");
        }

        (IMsalUserClient client, PickedAccount? picked) = await FindAccountAsync(tenant, binding, cancellationToken).ConfigureAwait(false);
        string? silentFailure = null;
        if (picked is { } candidate)
        {
            try
            {
                (AuthenticationResult? silent, AccessVerdict? refusal) = await AcquireSilentAsync(client, picked, claims, request, binding?.RejectedToken, cancellationToken).ConfigureAwait(false);
                if (silent is not null)
                {
                    return await AcceptAsync(silent, request.Target, tenant, binding, picked.Implicit, client.UsesBroker, interactive: false, cancellationToken).ConfigureAwait(false);
                }

                // git asks again because Azure DevOps refused the account itself: the user chooses another
                // account now, within the same git command (or is told how, without interaction).
                binding = Refused(organization, binding ?? new AccountBinding(organization, null), picked.Account, refusal!.Value);
                await bindings.SaveAsync(binding, cancellationToken).ConfigureAwait(false);
                picked = null;
            }
            catch (MsalUiRequiredException e)
            {
                silentFailure = e.ErrorCode;
                trace.Write("signin", $"silent: {candidate.Account.Username} needs to sign in again ({e.ErrorCode}, {e.Classification})");
            }
            catch (MsalException e)
            {
                throw MsalErrorLine.ToHelperException(e, organization, tenant);
            }
        }
        else
        {
            trace.Write("signin", $"silent: no cached account for '{organization}'");
        }

        InteractionDecision decision = request.Interaction;
        if (!decision.Allowed)
        {
            string reason = decision.Reason ?? "interaction is off";
            if (binding is { Username: null, RefusedUsername: { } refusedUser })
            {
                throw new HelperException($"Azure DevOps refused {refusedUser} for '{organization}' and interaction is off ({reason})")
                {
                    Hints =
                    [
                        "run the git command in a terminal: the sign-in asks which account to use",
                        $"or name the account first: git credential-entra account bind {organization} USER",
                    ],
                    OthersMayServe = true,
                };
            }

            throw NotSignedIn(request.Target, picked?.Account.Username, silentFailure, reason);
        }

        bool refused = binding is { Username: null, RefusedUsername: not null };
        string? hint = settings.PinnedUsername ?? binding?.Username ?? (refused ? null : picked?.Account.Username);
        var signIn = new SignInRequest(request.Target, tenant, hint, claims, SelectAccount: hint is null);
        return await SignInInteractivelyAsync(signIn, decision, binding, cancellationToken).ConfigureAwait(false);
    }

    private async Task<AccessTokenResult> SignInInteractivelyAsync(SignInRequest signIn, InteractionDecision decision, AccountBinding? binding, CancellationToken cancellationToken)
    {
        string organization = signIn.Target.Organization;
        IReadOnlyList<SignInFlow> plan = SignInPlan.For(settings.Flow, decision, browserConfigured, brokerProbe);
        trace.Write("signin", $"plan: {(plan.Count == 0 ? "no way" : string.Join(" then ", plan))} (session: {decision.Session}, desktop: {decision.Desktop}, terminal: {decision.Terminal})");
        string? lastReason = null;
        using InterruptSignal interrupt = InterruptSignal.Link(cancellationToken, () =>
        {
            foreach (string line in FailureLines.Render(Cancelled, []))
            {
                notices?.WriteLine(line);
            }
        });
        foreach (SignInFlow flow in plan)
        {
            try
            {
                trace.Write("signin", $"interactive: {flow} for '{organization}'");
                AuthenticationResult result = await flows[flow].SignInAsync(signIn, interrupt.Token).ConfigureAwait(false);
                return await AcceptAsync(result, signIn.Target, signIn.Tenant, binding, isImplicit: false, viaBroker: flow == SignInFlow.Broker, interactive: true, cancellationToken).ConfigureAwait(false);
            }
            catch (SignInFlowUnavailableException e)
            {
                lastReason = e.Message;
                trace.Write("signin", $"{flow}: not available ({e.Message}); trying the next way to sign in");
            }
            catch (OperationCanceledException) when (interrupt.Fired)
            {
                throw new HelperException(Cancelled, 130) { AlreadyShown = notices is not null };
            }
            catch (MsalException e)
            {
                // Includes invalid_grant from the token endpoint (e.g. an account of another tenant).
                throw MsalErrorLine.ToHelperException(e, organization, signIn.Tenant, flow);
            }
        }

        throw new HelperException(lastReason is null
            ? $"cannot sign in for '{organization}' here: no desktop session for a browser and no terminal for a device code; set credential.msauthFlow or run git in a terminal"
            : $"cannot sign in for '{organization}': {lastReason}; set credential.msauthFlow=devicecode to use a device code");
    }

    /// <summary>
    /// A silent acquisition that never returns a token Azure DevOps refused (git's retry names it) or git
    /// erased: that one is refreshed instead. No result, but the refusal, when Azure DevOps confirms it
    /// refuses the account itself: a fresh token of that account would be refused too.
    /// </summary>
    private async Task<(AuthenticationResult? Result, AccessVerdict? Refusal)> AcquireSilentAsync(IMsalUserClient client, PickedAccount picked, string? claims, TokenRequest request, string? erased, CancellationToken cancellationToken)
    {
        IAccount account = picked.Account;
        AuthenticationResult result = await client.AcquireSilentAsync(account, claims, false, cancellationToken).ConfigureAwait(false);
        var token = new Secret(result.AccessToken);
        if (request.Refuses(token) && claims is null && await AccountRefusedAsync(request.Target, account, token, cancellationToken).ConfigureAwait(false) is { } refusal)
        {
            return (null, refusal);
        }

        if (request.Refuses(token) || (erased is not null && TokenFingerprint.Of(token) == erased))
        {
            trace.WriteText("signin", "silent: the cached token is the one Azure DevOps refused; refreshing it");
            result = await client.AcquireSilentAsync(account, claims, true, cancellationToken).ConfigureAwait(false);
        }

        trace.Write("signin", $"silent: token for {account.Username} from {result.AuthenticationResultMetadata?.TokenSource.ToString() ?? "MSAL"}");
        return (result, null);
    }

    /// <summary>
    /// After Azure DevOps refused <paramref name="token"/>: asks the organization whether it refuses the
    /// account (TF400813, TF401444) rather than this token, and if so says so in one line. Null when it is
    /// the token (stale, revoked), one repository, no answer — or an account the user pinned, whose
    /// refusal a picker cannot mend.
    /// </summary>
    private async Task<AccessVerdict?> AccountRefusedAsync(AzureDevOpsTarget target, IAccount account, Secret token, CancellationToken cancellationToken)
    {
        if (settings.PinnedUsername is not null)
        {
            return null;
        }

        AccessVerdict verdict = await access.CheckAsync(target, token, cancellationToken).ConfigureAwait(false);
        if (verdict is not (AccessVerdict.NotAMember or AccessVerdict.NeverSignedIn))
        {
            trace.Write("signin", $"'{target.Organization}' refused a token of {account.Username}, not the account ({verdict}): the next token is fresh");
            return null;
        }

        foreach (string line in RefusedNotice(target, account.Username, verdict))
        {
            notices?.WriteLine(line);
        }

        return verdict;
    }

    private async Task<AccessTokenResult> AcceptAsync(
        AuthenticationResult result,
        AzureDevOpsTarget target,
        string tenant,
        AccountBinding? binding,
        bool isImplicit,
        bool viaBroker,
        bool interactive,
        CancellationToken cancellationToken)
    {
        string username = result.Account?.Username ?? "(unknown user)";
        // A Microsoft account's result names its home tenant, its organization the MSA transfer tenant: the same.
        if (GuidOrNull(tenant) is { } expected && GuidOrNull(result.TenantId) is { } actual && !MicrosoftAccounts.SameTenant(expected, actual))
        {
            throw new HelperException($"signed in as {username} of tenant {actual}, but organization '{target.Organization}' belongs to tenant {expected}")
            {
                Hints = [$"sign in with an account of tenant {expected}: git credential-entra account bind {target.Organization} USER, then run the git command again"],
            };
        }

        if (interactive && settings.PinnedUsername is { } pinned && !AccountPicker.SameUser(pinned, username))
        {
            throw new HelperException($"signed in as {username}, but credential.username for '{target.Organization}' asks for {pinned}")
            {
                Hints = [$"sign in as {pinned} or change that setting"],
            };
        }

        // A fresh token makes the erased fingerprint and any pending claims obsolete.
        var updated = new AccountBinding(
            target.Organization,
            username,
            result.Account?.HomeAccountId?.Identifier,
            GuidOrNull(tenant) ?? GuidOrNull(result.TenantId),
            Implicit: isImplicit,
            ViaBroker: viaBroker);
        if (updated != binding)
        {
            await bindings.SaveAsync(updated, cancellationToken).ConfigureAwait(false);
            if (binding?.Username is null || !AccountPicker.SameUser(binding.Username, username))
            {
                trace.Write("signin", $"'{target.Organization}' is now bound to {username}{(updated.Implicit ? " (reused without asking)" : string.Empty)}");
            }
        }

        if (interactive)
        {
            // The one line a person sees after any sign-in: which account git now uses for this organization.
            string tenantNote = updated.TenantId is { } id ? $" (tenant {id})" : string.Empty;
            // No "git-credential-entra:" prefix: that marks failures and warnings; this is news.
            notices?.WriteLine($"signed in as {username} for {target.Organization}{tenantNote}");
        }

        return new AccessTokenResult(new Secret(result.AccessToken), result.ExpiresOn, $"user {username}");
    }

    /// <summary>The client to use (the broker's for a broker-bound account) and the account to try silently.</summary>
    private async Task<(IMsalUserClient Client, PickedAccount? Picked)> FindAccountAsync(string tenant, AccountBinding? binding, CancellationToken cancellationToken)
    {
        bool broker = binding?.ViaBroker == true && brokerProbe().Available;
        IMsalUserClient client = clients.Create(tenant, broker);
        IReadOnlyList<IAccount> accounts;
        try
        {
            accounts = await client.GetAccountsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (MsalException e) when (broker && BrokerChoice.IsUnusable(e))
        {
            trace.Write("signin", $"broker: not available ({e.ErrorCode}); using the browser and device code cache");
            client = clients.Create(tenant, broker: false);
            accounts = await client.GetAccountsAsync(cancellationToken).ConfigureAwait(false);
        }

        return (client, AccountPicker.Pick(accounts, settings.PinnedUsername, binding, GuidOrNull(tenant)));
    }

    /// <summary>
    /// Azure DevOps refuses the account itself for this organization (<see cref="AccountRefusedAsync"/>):
    /// the binding forgets it, so the next sign-in shows the account picker without it.
    /// </summary>
    private AccountBinding Refused(string organization, AccountBinding binding, IAccount account, AccessVerdict verdict)
    {
        trace.Write("signin", $"'{organization}' refused {account.Username} ({verdict}); the next sign-in asks which account to use");
        return new AccountBinding(organization, null, TenantId: binding.TenantId, RefusedUsername: account.Username);
    }

    private const string Cancelled = "sign-in cancelled";

    /// <summary>The line shown when Azure DevOps refuses the account itself for an organization, and how to switch.</summary>
    internal static IReadOnlyList<string> RefusedNotice(AzureDevOpsTarget target, string username, AccessVerdict verdict)
    {
        string organization = target.Organization;
        string bind = $"or name it first: git credential-entra account bind {organization} USER";
        return verdict == AccessVerdict.NeverSignedIn
            ? FailureLines.Render(
                $"Azure DevOps has not yet seen {username} sign in to '{organization}' (TF401444): run the git command again to choose another account",
                [$"or sign in to {target.OrganizationUrl} once in a web browser as {username}, then run the git command again", bind])
            : FailureLines.Render(
                $"Azure DevOps refused {username} for '{organization}' (TF400813: not a member): run the git command again to choose another account",
                [bind, $"or ask an administrator of {target.OrganizationUrl} to add {username}"]);
    }

    private static HelperException NotSignedIn(AzureDevOpsTarget target, string? username, string? silentFailure, string reason) =>
        username is null
            ? new($"not signed in for Azure DevOps organization '{target.Organization}' and interaction is off ({reason})")
            {
                Hints =
                [
                    "run the git command once in a terminal to sign in",
                    "or use a workload identity: AZURE_CLIENT_ID and AZURE_TENANT_ID with AZURE_FEDERATED_TOKEN_FILE, AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH",
                ],
                OthersMayServe = true,
            }
            : new($"the sign-in of {username} for '{target.Organization}' must be renewed ({silentFailure}) and interaction is off ({reason})")
            {
                Hints = ["run the git command in a terminal to sign in again"],
                OthersMayServe = true,
            };

    private static string TenantOf(AzureDevOpsTarget target) =>
        string.IsNullOrWhiteSpace(target.TenantId) ? "organizations" : target.TenantId;

    private static string? GuidOrNull(string? tenant) =>
        TenantId.TryParseGuid(tenant, out _) ? tenant : null;
}
