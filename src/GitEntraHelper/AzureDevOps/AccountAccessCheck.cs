using System.Net;
using System.Net.Http.Headers;
using GitEntraHelper.Diagnostics;

namespace GitEntraHelper.AzureDevOps;

/// <summary>What Azure DevOps answers when asked whether a user token opens the whole organization.</summary>
public enum AccessVerdict
{
    /// <summary>The organization takes the token: a refusal git saw was for one repository or transient.</summary>
    Accepted,

    /// <summary>TF400813: the account is not a member of the organization (or has no access level there).</summary>
    NotAMember,

    /// <summary>TF401444: Azure DevOps has never seen the account sign in to the organization in a web browser.</summary>
    NeverSignedIn,

    /// <summary>Any other refusal (VS30063: expired, revoked, another audience): the token, not the account.</summary>
    TokenRefused,

    /// <summary>No answer, or one that says nothing (network, time-out, a proxy's page).</summary>
    Unknown,
}

/// <summary>Asks an organization whether it takes a token (a seam: unit tests substitute it).</summary>
public interface IAccountAccessCheck
{
    Task<AccessVerdict> CheckAsync(AzureDevOpsTarget target, Secret token, CancellationToken cancellationToken);
}

/// <summary>
/// git tells a helper only that a credential was rejected (erase; on git ≥ 2.46 a retry with the 401's
/// WWW-Authenticate), never why: the TF400813 / TF401444 that tells "this account has no access" from
/// "this token is stale" is in the body git prints. So, once per refusal, the helper asks the organization
/// itself: GET {organization}/_apis/connectionData with the refused token — the call Azure DevOps clients
/// make first, which answers 401 with TF400813 for a non-member (Git-Credential-Manager-for-Windows#647,
/// azure-devops-cli-extension#807). Only to the organization URL the token was for, no redirects followed
/// (a redirect is the sign-in page, and the token must not travel on), bounded by <see cref="Timeout"/>.
/// </summary>
public sealed class AccountAccessCheck(Func<HttpMessageHandler> createHandler, HelperTrace trace) : IAccountAccessCheck
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<AccessVerdict> CheckAsync(AzureDevOpsTarget target, Secret token, CancellationToken cancellationToken)
    {
        using HttpClient client = OneRequestClient.Create(createHandler, Timeout);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        using HttpRequestMessage request = OneRequestClient.Get(new Uri($"{target.OrganizationUrl}/_apis/connectionData"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Reveal());
        request.Headers.Accept.ParseAdd("application/json");

        try
        {
            using (trace.Time("azure-devops: access check"))
            using (HttpResponseMessage response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false))
            {
                string text = ServiceErrorCode.HeaderText(response);
                if (!response.IsSuccessStatusCode && ServiceErrorCode.Of(text) is null)
                {
                    text = await ReadPrefixAsync(response, timeout.Token).ConfigureAwait(false);
                }

                AccessVerdict verdict = Judge(response.StatusCode, ServiceErrorCode.Of(text));
                trace.Write("azure-devops", $"access check {target.Organization} → {(int)response.StatusCode} {ServiceErrorCode.Of(text) ?? string.Empty}: {verdict}");
                return verdict;
            }
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            trace.Write("azure-devops", $"access check {target.Organization}: no answer ({e.GetType().Name})");
            return AccessVerdict.Unknown;
        }
    }

    /// <summary>The verdict of one answer: its status and the Azure DevOps code it carries, if any.</summary>
    public static AccessVerdict Judge(HttpStatusCode status, string? code) => code switch
    {
        _ when (int)status is >= 200 and < 300 && status != HttpStatusCode.NonAuthoritativeInformation => AccessVerdict.Accepted,
        "TF400813" when status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => AccessVerdict.NotAMember,
        "TF401444" when status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => AccessVerdict.NeverSignedIn,
        _ when status is HttpStatusCode.Unauthorized or HttpStatusCode.NonAuthoritativeInformation => AccessVerdict.TokenRefused,
        _ => AccessVerdict.Unknown,
    };

    /// <summary>The start of the body: a code sits in the first line of Azure DevOps' error JSON or text.</summary>
    private static async Task<string> ReadPrefixAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var buffer = new char[4096];
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
        int read = await reader.ReadBlockAsync(buffer, cancellationToken).ConfigureAwait(false);
        return new string(buffer, 0, read);
    }
}
