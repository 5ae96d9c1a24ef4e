using System.Text;
using GitEntraHelper.Diagnostics;
using GitEntraHelper.Identity.User;
using GitEntraHelper.Platform;
using GitEntraHelper.Protocol;
using Microsoft.Identity.Client;
using static GitEntraHelper.Tests.Identity.User.UserTestData;

namespace GitEntraHelper.Tests.Identity.User;

public sealed class ClaimsChallengeTests
{
    private const string Json = """{"access_token":{"nbf":{"essential":true,"value":"1700000000"}}}""";

    [Fact]
    public void Json_is_kept() => Assert.Equal(Json, ClaimsChallenge.ToJson(" " + Json + " "));

    [Fact]
    public void Base64_from_the_challenge_is_decoded() =>
        Assert.Equal(Json, ClaimsChallenge.ToJson(Convert.ToBase64String(Encoding.UTF8.GetBytes(Json))));

    [Fact]
    public void Base64url_without_padding_is_decoded() =>
        Assert.Equal(Json, ClaimsChallenge.ToJson(Convert.ToBase64String(Encoding.UTF8.GetBytes(Json)).TrimEnd('=').Replace('+', '-').Replace('/', '_')));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64 !")]
    [InlineData("aGVsbG8=")]
    public void Anything_else_is_no_claims(string? value) => Assert.Null(ClaimsChallenge.ToJson(value));
}

public sealed class AccountPickerTests
{
    private readonly IAccount _alice = Account("alice@contoso.com");
    private readonly IAccount _bob = Account("bob@contoso.com");
    private readonly IAccount _guest = Account("eve@fabrikam.com", OtherTenant);

    [Fact]
    public void Pinned_user_wins_and_is_not_implicit()
    {
        PickedAccount? picked = AccountPicker.Pick([_alice, _bob], "BOB@contoso.com", new AccountBinding("contoso", "alice@contoso.com"), Tenant);

        Assert.Same(_bob, picked!.Account);
        Assert.False(picked.Implicit);
    }

    [Fact]
    public void Pinned_user_missing_from_the_cache_means_sign_in() =>
        Assert.Null(AccountPicker.Pick([_alice], "carol@contoso.com", null, Tenant));

    [Fact]
    public void Binding_matches_by_home_account_id_then_by_name()
    {
        Assert.Same(_bob, AccountPicker.Pick([_alice, _bob], null, new AccountBinding("c", "renamed@contoso.com", _bob.HomeAccountId.Identifier), Tenant)!.Account);
        Assert.Same(_alice, AccountPicker.Pick([_alice, _bob], null, new AccountBinding("c", "ALICE@contoso.com"), Tenant)!.Account);
    }

    [Fact]
    public void Bound_account_gone_from_the_cache_means_sign_in() =>
        Assert.Null(AccountPicker.Pick([_bob], null, new AccountBinding("c", "alice@contoso.com"), Tenant));

    [Fact]
    public void The_only_account_of_the_tenant_is_reused_implicitly()
    {
        PickedAccount? picked = AccountPicker.Pick([_alice, _guest], null, null, Tenant);

        Assert.Same(_alice, picked!.Account);
        Assert.True(picked.Implicit);
    }

    [Fact]
    public void Two_accounts_of_the_tenant_are_never_guessed() =>
        Assert.Null(AccountPicker.Pick([_alice, _bob], null, null, Tenant));

    [Fact]
    public void A_refused_account_is_not_reused() =>
        Assert.Null(AccountPicker.Pick([_alice], null, new AccountBinding("c", null, RefusedUsername: "alice@contoso.com"), Tenant));
}

public sealed class TokenFingerprintTests
{
    [Fact]
    public void Same_token_same_fingerprint_different_token_different()
    {
        Assert.Equal(TokenFingerprint.Of(new Secret("abc")), TokenFingerprint.Of(new Secret("abc")));
        Assert.NotEqual(TokenFingerprint.Of(new Secret("abc")), TokenFingerprint.Of(new Secret("abd")));
        Assert.Equal(32, TokenFingerprint.Of(new Secret("abc")).Length);
        Assert.DoesNotContain("eyJhbGciOi", TokenFingerprint.Of(new Secret("eyJhbGciOiJSUzI1NiJ9.e30.sig")));
    }
}

public sealed class MsalErrorLineTests
{
    [Fact]
    public void Service_errors_keep_the_first_line_and_the_code()
    {
        HelperException e = MsalErrorLine.ToHelperException(new MsalServiceException("invalid_client", "AADSTS7000218: bad client\r\nTrace ID: 1\r\nCorrelation ID: 2", 401), "contoso");

        Assert.Equal("Entra ID refused the sign-in for 'contoso': invalid_client: AADSTS7000218: bad client", e.Message);
    }

    [Fact]
    public void A_lone_carriage_return_ends_the_first_line_too() // found by fuzz/ entra-errors
    {
        HelperException e = MsalErrorLine.ToHelperException(new MsalServiceException("invalid_client", "AADSTS7000215: Invalid client secret.\rTrace ID: 0000", 401), "contoso");

        Assert.Equal("Entra ID refused the sign-in for 'contoso': invalid_client: AADSTS7000215: Invalid client secret.", e.Message);
    }

    [Fact]
    public void The_servers_error_value_never_breaks_the_line() // found by fuzz/ entra-errors
    {
        HelperException e = MsalErrorLine.ToHelperException(new MsalServiceException("inv\r\nalid_client", "AADSTS7000215: Invalid client secret.", 401), "contoso");

        Assert.Equal("Entra ID refused the sign-in for 'contoso': inv: AADSTS7000215: Invalid client secret.", e.Message);
        Assert.DoesNotContain('\n', MsalErrorLine.ToHelperException(new MsalServiceException("a\nb", "x", 503), "contoso").Message);
    }

    [Fact]
    public void Server_failures_say_try_later() =>
        Assert.Contains("HTTP 500", MsalErrorLine.ToHelperException(new MsalServiceException("x", "boom", 500), "contoso").Message);

    [Fact]
    public void Network_failures_say_entra_cannot_be_reached() =>
        Assert.StartsWith("cannot reach Entra ID", MsalErrorLine.ToHelperException(new MsalClientException("network", "x", new HttpRequestException("Connection refused (127.0.0.1:1)")), "contoso").Message);
}

public sealed class ConsoleTerminalTests
{
    [Fact]
    public void Server_text_cannot_inject_control_characters() =>
        Assert.Equal("open x   and", ConsoleTerminal.OneLine("open x\r\n\tand \u001b"));

    [Fact]
    public void Writes_to_stderr_never_stdout()
    {
        var stderr = new StringWriter();
        TextWriter stdout = Console.Out;
        var captured = new StringWriter();
        Console.SetOut(captured);
        try
        {
            new ConsoleTerminal(stderr).WriteLine("code ABC");
        }
        finally
        {
            Console.SetOut(stdout);
        }

        Assert.Equal("code ABC" + Environment.NewLine, stderr.ToString());
        Assert.Equal(string.Empty, captured.ToString());
    }
}

public sealed class InterruptSignalTests
{
    [Fact]
    public void Raising_cancels_and_is_told_apart_from_the_caller_cancelling()
    {
        using var outer = new CancellationTokenSource();
        using (InterruptSignal signal = InterruptSignal.Link(outer.Token))
        {
            outer.Cancel();
            Assert.True(signal.Token.IsCancellationRequested);
            Assert.False(signal.Fired);
        }

        using InterruptSignal raised = InterruptSignal.Link(CancellationToken.None);
        raised.Raise();
        Assert.True(raised.Token.IsCancellationRequested);
        Assert.True(raised.Fired);
    }
}

public sealed class ClaimsFromWwwAuthenticateTests
{
    private const string Json = """{"access_token":{"nbf":{"essential":true,"value":"1700000000"}}}""";
    private static readonly string Base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(Json));

    [Fact]
    public void Insufficient_claims_challenge_yields_the_claims_json() =>
        Assert.Equal(Json, ClaimsChallenge.FromWwwAuthenticate(
        [
            "Basic realm=\"https://dev.azure.com/\"",
            $"Bearer authorization_uri=\"https://login.microsoftonline.com/common\", error=\"insufficient_claims\", error_description=\"claims=x\", claims=\"{Base64}\"",
        ]));

    [Fact]
    public void Unquoted_parameters_work() =>
        Assert.Equal(Json, ClaimsChallenge.FromWwwAuthenticate([$"Bearer error=insufficient_claims, claims={Base64}"]));

    [Theory]
    [InlineData("Bearer authorization_uri=\"https://login.microsoftonline.com/t\"")]
    [InlineData("Bearer error=\"invalid_token\", claims=\"eyJ9\"")]
    [InlineData("Bearer error=\"insufficient_claims\"")]
    public void Other_challenges_carry_no_claims(string header) =>
        Assert.Null(ClaimsChallenge.FromWwwAuthenticate([header]));
}

public sealed class ChallengeRetryTests
{
    private static readonly Secret Token = new("token-value");

    [Fact]
    public void First_answer_to_a_state_capable_git_asks_to_continue_and_names_the_token()
    {
        var request = new GitEntraHelper.Protocol.CredentialRequest { Protocol = "https", Host = "dev.azure.com", Capabilities = ["authtype", "state"] };

        var response = ChallengeRetry.Annotate(new GitEntraHelper.Protocol.CredentialResponse(), request, Token);

        Assert.Equal(
            ["capability[]=state", $"state[]=entra:token={TokenFingerprint.Of(Token)}", "continue=1"],
            response.Attributes.Select(a => $"{a.Key}={a.Text}"));
        Assert.False(ChallengeRetry.IsRetry(request));
    }

    [Fact]
    public void The_retry_is_recognised_and_its_answer_does_not_continue_again()
    {
        var retry = new GitEntraHelper.Protocol.CredentialRequest { Capabilities = ["state"], State = ["other-helper:x", "entra:token=abc"] };

        Assert.True(ChallengeRetry.IsRetry(retry));
        Assert.Empty(ChallengeRetry.Annotate(new GitEntraHelper.Protocol.CredentialResponse(), retry, Token).Attributes);
    }

    [Fact]
    public void Older_git_gets_neither_state_nor_continue()
    {
        var old = new GitEntraHelper.Protocol.CredentialRequest { Capabilities = ["authtype"], State = ["entra:token=abc"] };

        Assert.False(ChallengeRetry.IsRetry(old));
        Assert.Empty(ChallengeRetry.Annotate(new GitEntraHelper.Protocol.CredentialResponse(), old, Token).Attributes);
    }
}

public sealed class MsalErrorLineTenantTests
{
    [Fact]
    public void A_refusal_names_the_organizations_tenant() =>
        Assert.Equal(
            "Entra ID refused the sign-in for 'contoso' (tenant 72f988bf-86f1-41af-91ab-2d7cd011db47): invalid_grant: AADSTS50020: User account from another tenant",
            MsalErrorLine.ToHelperException(new MsalUiRequiredException("invalid_grant", "AADSTS50020: User account from another tenant\nTrace ID: 1"), "contoso", UserTestData.Tenant).Message);
}

public sealed class MsalTraceTests
{
    [Fact]
    public void Msal_lines_lose_their_repeated_prefix_and_cache_bookkeeping()
    {
        var text = new StringWriter();
        HelperTrace trace = HelperTrace.To(text);

        GitEntraHelper.Identity.Entra.WriteMsalLine(trace, "False MSAL 4.92.0.0 MSAL.NetCore .NET 10.0.12 Linux [2026-11-23 14:27:55Z] (git-credential-entra) [Internal cache] Total number of cache partitions: 0");
        GitEntraHelper.Identity.Entra.WriteMsalLine(trace, "False MSAL 4.92.0.0 MSAL.NetCore .NET 10.0.12 Linux [2026-11-23 14:27:55Z - abc] (git-credential-entra) Authority validation is disabled");

        Assert.EndsWith("msal: Authority validation is disabled" + Environment.NewLine, text.ToString());
        Assert.DoesNotContain("Internal cache", text.ToString());
    }
}
