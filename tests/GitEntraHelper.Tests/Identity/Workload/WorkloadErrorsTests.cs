using System.Net;
using GitEntraHelper.Identity.Workload;
using Microsoft.Identity.Client;

namespace GitEntraHelper.Tests.Identity.Workload;

public class WorkloadErrorsTests
{
    private static MsalServiceException Aad(int code, string error = "invalid_client") =>
        new(error, $"AADSTS{code}: Something went wrong. Trace ID: abc Correlation ID: def Timestamp: 2026-01-01 00:00:00Z");

    [Theory]
    [InlineData(700016, "AZURE_CLIENT_ID")]
    [InlineData(7000215, "AZURE_CLIENT_SECRET")]
    [InlineData(7000222, "new secret")]
    [InlineData(700024, "AZURE_FEDERATED_TOKEN_FILE")]
    [InlineData(50076, "exclude this identity")]
    [InlineData(90002, "AZURE_TENANT_ID")]
    [InlineData(700027, "certificate")]
    public void Known_AADSTS_codes_map_to_one_line_with_the_fix(int code, string fix)
    {
        var e = WorkloadErrors.FromMsal(Aad(code), "service principal x", "client-1", "tenant-1", null);
        Assert.Contains($"AADSTS{code}", e.Message);
        Assert.Contains(fix, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Federation_mismatch_without_a_known_assertion_still_says_what_to_add()
    {
        var e = WorkloadErrors.FromMsal(Aad(70021), "w", "client-1", "t", null);
        Assert.Contains("api://AzureADTokenExchange", e.Message);
        var withClaims = WorkloadErrors.FromMsal(Aad(700213), "w", "client-1", "t", new AssertionClaims("https://iss", "sub-1", "aud"));
        Assert.Contains("issuer 'https://iss' and subject 'sub-1'", withClaims.Message);
    }

    [Fact]
    public void Claims_challenge_and_unknown_errors_keep_the_code_and_drop_trace_noise()
    {
        Assert.Contains("claims", WorkloadErrors.FromMsal(new MsalServiceException("insufficient_claims", "x"), "w", null, null, null).Message);
        var other = WorkloadErrors.FromMsal(Aad(123456, "invalid_grant"), "w", null, null, null);
        Assert.Contains("AADSTS123456", other.Message);
        Assert.DoesNotContain("Trace ID", other.Message);
    }

    // Found by fuzz/ entra-errors: the server's "error" value went into the line as it was.
    [Theory]
    [InlineData("invalid\r\nclient", "no code in this message")]
    [InlineData("interaction\rrequired", "AADSTS50076: MFA\r\nTrace ID: 1")]
    public void The_servers_error_value_never_breaks_the_line(string error, string message)
    {
        Assert.DoesNotContain('\r', WorkloadErrors.FromMsal(new MsalServiceException(error, message), "w", "client-1", "t", null).Message);
        Assert.DoesNotContain('\n', WorkloadErrors.FromMsal(new MsalServiceException(error, message, 503), "w", null, null, null).Message);
        Assert.DoesNotContain('\n', WorkloadErrors.FromMsal(new MsalClientException(error, message), "w", null, null, null).Message);
    }

    [Fact]
    public void The_assertions_issuer_and_subject_never_break_the_line() // found by fuzz/ entra-errors
    {
        var e = WorkloadErrors.FromMsal(Aad(700213), "w", "client-1", "t", new AssertionClaims("https://iss\r\nforged: line", "sub\n1", "aud"));

        Assert.Contains("issuer 'https://iss' and subject 'sub'", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.DoesNotContain('\r', e.Message);
    }

    [Fact]
    public void Network_failures_say_so()
    {
        var e = WorkloadErrors.FromMsal(new MsalServiceException("service_not_available", "boom", new HttpRequestException("refused", null, HttpStatusCode.ServiceUnavailable)), "w", null, null, null);
        Assert.Contains("could not be reached", e.Message);
        Assert.Contains("HTTPS_PROXY", e.Message);
        var unavailable = WorkloadErrors.FromMsal(new MsalServiceException("service_not_available", "down", 503), "w", null, null, null);
        Assert.Contains("HTTP 503", unavailable.Message);
    }

    [Fact]
    public void Azure_DevOps_answers_map_to_the_troubleshooting_table()
    {
        Assert.Null(WorkloadErrors.FromAzureDevOps(HttpStatusCode.OK, "{}", "contoso", "x"));
        Assert.Contains("TF401444", WorkloadErrors.FromAzureDevOps(HttpStatusCode.Unauthorized, "TF401444: Please sign-in at least once", "contoso", "service principal x")!.Message);
        Assert.Contains("sign in to the organization once", WorkloadErrors.FromAzureDevOps(HttpStatusCode.Forbidden, "TF401444: Please sign-in", "contoso", "x")!.Message);
        Assert.Contains("VS800075", WorkloadErrors.FromAzureDevOps(HttpStatusCode.NotFound, "VS800075: The project with id 'x' does not exist", "contoso", "x")!.Message);
        var noAccess = WorkloadErrors.FromAzureDevOps(HttpStatusCode.Unauthorized, "TF400813: The user 'x' is not authorized to access this resource.", "contoso", "managed identity (system-assigned)")!;
        Assert.Contains("no access to organization contoso", noAccess.Message);
        Assert.Contains("TF400813", noAccess.Message);
        Assert.Contains("VS30063", WorkloadErrors.FromAzureDevOps(HttpStatusCode.Unauthorized, "VS30063: You are not authorized to access https://x.", "contoso", "x")!.Message);
        Assert.Contains("no access", WorkloadErrors.FromAzureDevOps(HttpStatusCode.NonAuthoritativeInformation, "<html>sign in</html>", "contoso", "x")!.Message);
    }
}

public class AssertionClaimsTests
{
    [Fact]
    public void Reads_issuer_subject_and_audience_without_validation()
    {
        var claims = AssertionClaims.FromJwt(FakeHttp.Jwt("https://issuer", "subject-1", "api://AzureADTokenExchange"));
        Assert.Equal(new AssertionClaims("https://issuer", "subject-1", "api://AzureADTokenExchange"), claims);
    }

    [Fact]
    public void Audience_array_and_nested_claims_are_handled()
    {
        static string B64(string s) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(s)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var jwt = "e30." + B64("""{"nested":{"iss":"wrong"},"aud":["a1","a2"],"list":[1,{"x":2}],"iss":"i","sub":"s"}""") + ".sig";
        Assert.Equal(new AssertionClaims("i", "s", "a1"), AssertionClaims.FromJwt(jwt));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-jwt")]
    [InlineData("a.!!!.c")]
    [InlineData("a.bm90IGpzb24.c")]
    public void Malformed_tokens_yield_none(string jwt) => Assert.Equal(AssertionClaims.None, AssertionClaims.FromJwt(jwt));
}
