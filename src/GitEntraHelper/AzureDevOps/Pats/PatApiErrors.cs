using System.Net;
using System.Text.Json;
using GitEntraHelper.Diagnostics;

namespace GitEntraHelper.AzureDevOps.Pats;

/// <summary>
/// The PAT lifecycle API's refusals as one line each, with the Azure DevOps code and the fix. Recorded
/// answers: a PAT or a token the API does not take → InvalidAccessException "The requested operation is not
/// allowed." (vsts-rest-api-specs#571); an application's token → a redirect to the sign-in page
/// (azure-devops-docs#13661: the API is for signed-in users only); Conditional Access → VS403463
/// (microsoft/coe-starter-kit#6694); the membership codes TF400813 / TF401444 and VS30063 as on git's paths.
/// </summary>
public static class PatApiErrors
{
    /// <param name="status">The answer's status.</param>
    /// <param name="body">The start of its body plus the X-TFS-ServiceError header, if any.</param>
    /// <param name="organization">The organization, for the line.</param>
    /// <param name="identity">Who asked, e.g. "user alice@contoso.com".</param>
    /// <param name="tokensPage">The web page where the user can manage tokens instead.</param>
    public static HelperException From(HttpStatusCode status, string body, string organization, string identity, Uri tokensPage)
    {
        int code = (int)status;
        string message = Message(body);
        if (code is >= 300 and < 400 || status == HttpStatusCode.NonAuthoritativeInformation)
        {
            return new($"the PAT API of {organization} sent {identity} to a sign-in page (HTTP {code}): it accepts only a signed-in user's Entra token, not an application's; run it as yourself (credential.entraIdentity=user), or use {tokensPage}");
        }

        if (body.Contains("VS403463", StringComparison.Ordinal))
        {
            return new($"a Conditional Access policy of your tenant refused {identity} for {organization} (VS403463): meet the policy (an allowed network or a compliant device) or ask your Entra administrator, then retry");
        }

        if (body.Contains("TF401444", StringComparison.Ordinal))
        {
            return new($"Azure DevOps has not yet seen {identity} in organization {organization} (TF401444): sign in to the organization once in a web browser, then retry");
        }

        if (body.Contains("TF400813", StringComparison.Ordinal))
        {
            return new($"{identity} is not a member of organization {organization} (TF400813): sign in with the account the organization knows (git credential-entra account bind), or ask an administrator to add you");
        }

        if (body.Contains("VS30063", StringComparison.Ordinal))
        {
            return new($"Azure DevOps did not accept the token of {identity} for {organization} (VS30063): run `git credential-entra logout {organization}` and sign in again");
        }

        if (body.Contains("InvalidAccessException", StringComparison.Ordinal) || message.Contains("operation is not allowed", StringComparison.OrdinalIgnoreCase))
        {
            return new($"the PAT API of {organization} refused {identity} (InvalidAccessException: {Trim(message, "the requested operation is not allowed")}): it takes a signed-in user's Entra token, and your organization's policy may restrict PAT management; ask your Azure DevOps administrator (Organization settings > Policies), or use {tokensPage}");
        }

        string id = ErrorId(body) is { } found ? $", {found}" : "";
        return status switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new($"the PAT API of {organization} refused {identity} (HTTP {code}{id}{Detail(message)}): your organization's policy forbids it or you lack the permission; ask your Azure DevOps administrator, or use {tokensPage}"),
            HttpStatusCode.NotFound => new($"the PAT API of {organization} was not found (HTTP 404{id}): check the organization name; the API exists on Azure DevOps Services only"),
            _ => new($"the PAT API of {organization} answered HTTP {code}{id}{Detail(message)}: retry later, or check the service status"),
        };
    }

    /// <summary>The first TF/VS code in <paramref name="body"/> ("TF400813", "VS403463"), or null.</summary>
    public static string? ErrorId(string body) => ServiceErrorCode.Of(body);

    /// <summary>The "message" of an Azure DevOps error body (VssServiceException JSON), else the body's first line.</summary>
    internal static string Message(string body)
    {
        string text = body.TrimStart();
        if (text.StartsWith('{'))
        {
            try
            {
                using var document = JsonDocument.Parse(text.Length > 8192 ? text[..8192] : text);
                if (document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty("message", out JsonElement message) && message.ValueKind == JsonValueKind.String)
                {
                    return OneLine(message.GetString() ?? "");
                }
            }
            catch (JsonException)
            {
                // Not JSON after all: fall through to the first line.
            }
        }

        return text.StartsWith('<') ? "" : OneLine(text);
    }

    private static string Detail(string message) => message.Length == 0 ? "" : ": " + message;

    private static string Trim(string message, string fallback) => message.Length == 0 ? fallback : message.TrimEnd('.');

    private static string OneLine(string text)
    {
        int newline = text.AsSpan().IndexOfAny('\r', '\n');
        string line = Redactor.Scrub((newline < 0 ? text : text[..newline]).Trim());
        return line.Length > 200 ? line[..200] + "…" : line;
    }
}
