using System.Net;
using GitEntraHelper.AzureDevOps.Pats;

namespace GitEntraHelper.Tests.Pats;

public sealed class PatApiErrorsTests
{
    private static readonly Uri Page = new("https://dev.azure.com/contoso/_usersSettings/tokens");

    private static string Line(HttpStatusCode status, string body) => PatApiErrors.From(status, body, "contoso", "user alice@contoso.com", Page).Message;

    [Fact]
    public void Invalid_access_names_the_exception_and_the_policy_fix()
    {
        // As recorded in MicrosoftDocs/vsts-rest-api-specs#571.
        string line = Line(HttpStatusCode.Forbidden, """{"$id":"1","innerException":null,"message":"The requested operation is not allowed.","typeName":"Microsoft.TeamFoundation.Framework.Server.InvalidAccessException, Microsoft.TeamFoundation.Framework.Server","typeKey":"InvalidAccessException","errorCode":0,"eventId":3000}""");
        Assert.Contains("InvalidAccessException", line, StringComparison.Ordinal);
        Assert.Contains("policy", line, StringComparison.Ordinal);
        Assert.Contains(Page.AbsoluteUri, line, StringComparison.Ordinal);
    }

    [Fact]
    public void Conditional_access_is_vs403463()
    {
        string line = Line(HttpStatusCode.Forbidden, """{"message":"VS403463: The conditional access policy defined by your Azure Active Directory administrator has failed.","typeKey":"VssServiceException"}""");
        Assert.Contains("VS403463", line, StringComparison.Ordinal);
        Assert.Contains("Conditional Access", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_redirect_means_only_a_signed_in_user_may_call_it()
        => Assert.Contains("credential.entraIdentity=user", Line(HttpStatusCode.Found, "<html><head><title>Object moved</title></head></html>"), StringComparison.Ordinal);

    [Theory]
    [InlineData("TF400813: The user 'x' is not authorized to access this resource.", "TF400813")]
    [InlineData("TF401444: Please sign-in at least once as x", "TF401444")]
    [InlineData("VS30063: You are not authorized to access https://dev.azure.com.", "VS30063")]
    public void Membership_codes_are_named(string message, string code)
        => Assert.Contains(code, Line(HttpStatusCode.Unauthorized, message), StringComparison.Ordinal);

    [Fact]
    public void Any_other_forbidden_answer_keeps_its_code_and_message_on_one_line()
    {
        string line = Line(HttpStatusCode.Forbidden, "{\"message\":\"VS403283: Could not complete\\r\\nsecond line\"}");
        Assert.Contains("VS403283", line, StringComparison.Ordinal);
        Assert.DoesNotContain("second line", line, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', line);
    }

    [Fact]
    public void A_token_in_an_error_body_is_never_repeated()
    {
        string jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlc2lnbmF0dXJlc2lnbmF0dXJl";
        Assert.DoesNotContain(jwt, Line(HttpStatusCode.BadRequest, $"{{\"message\":\"bad token {jwt}\"}}"), StringComparison.Ordinal);
    }
}
