using System.Net;
using System.Text;
using GitEntraHelper.AzureDevOps;
using GitEntraHelper.Diagnostics;
using GitEntraHelper.Fuzz.Harness;
using GitEntraHelper.Identity;
using GitEntraHelper.Identity.User;
using GitEntraHelper.Identity.Workload;
using GitEntraHelper.Settings;
using Microsoft.Identity.Client;

namespace GitEntraHelper.Fuzz.Targets;

/// <summary>
/// Entra's token endpoint answer, as JSON, through real MSAL into the helper's one-line errors: a
/// service principal's request (<see cref="ClientSecretTokenSource"/>, over an in-memory HTTP seam)
/// either returns a token or fails with <see cref="HelperException"/>; that line, and the lines
/// <see cref="WorkloadErrors.FromMsal"/> and <see cref="MsalErrorLine"/> make of the same MSAL failure
/// (also as a 5xx answer, and with the claims of a federated assertion), are one line without the secret.
/// Input: a status selector byte, the JSON body, then optionally <c>\n%%\n</c> and the assertion (a
/// compact JWT, or the JSON of its payload).
/// </summary>
internal sealed class EntraErrorsTarget : IFuzzTarget
{
    private const string ClientId = "11111111-2222-3333-4444-555555555555";
    private const string TenantId = "66666666-7777-8888-9999-000000000000";
    private static readonly Secret ClientSecret = new("fuzz-client-secret-never-printed");

    // 5xx and 429 are left out of MSAL's own path: it retries them after a second and throttles the app.
    private static readonly HttpStatusCode[] Statuses =
        [HttpStatusCode.BadRequest, HttpStatusCode.Unauthorized, HttpStatusCode.BadRequest, HttpStatusCode.Forbidden, HttpStatusCode.NotFound, HttpStatusCode.OK, HttpStatusCode.Conflict, HttpStatusCode.Gone];

    private static readonly TokenRequest Request = new(
        new AzureDevOpsTarget(new Uri("https://dev.azure.com/contoso"), "contoso", TenantId, TenantSource.Configured), null, null,
        InteractionDecision.Off("fuzzing"));

    private readonly EntraStandIn _entra = new();
    private readonly WorkloadEnvironment _environment;

    public EntraErrorsTarget() =>
        _environment = new WorkloadEnvironment(new Uri("https://login.entra.invalid/"), TimeSpan.FromSeconds(30), httpHandler: _entra);

    public string Name => "entra-errors";

    public string Description => "Entra error JSON through MSAL into WorkloadErrors / MsalErrorLine's one-line messages (and AssertionClaims)";

    public IReadOnlyList<string> Dictionaries => ["json"];

    public void Run(byte[] input)
    {
        if (input.Length == 0)
        {
            return;
        }

        string[] parts = Encoding.UTF8.GetString(input, 1, input.Length - 1).Split("\n%%\n", 2);
        _entra.Status = Statuses[input[0] % Statuses.Length];
        _entra.Body = parts[0];
        AssertionClaims assertion = AssertionClaims.FromJwt(parts.Length > 1 ? AsJwt(parts[1]) : string.Empty);

        MsalException? msal = null;
        try
        {
            // A new source per input: a token MSAL cached for one input must not answer the next.
            var source = new ClientSecretTokenSource(_environment, ClientId, TenantId, ClientSecret);
            AccessTokenResult result = source.GetTokenAsync(Request, CancellationToken.None).GetAwaiter().GetResult();
            Invariant.Holds(!result.Token.IsEmpty, "a token result without a token");
        }
        catch (HelperException e)
        {
            CheckLine(e.Message, "the service principal's failure");
            msal = e.InnerException as MsalException;
        }

        if (msal is null)
        {
            return;
        }

        CheckLine(WorkloadErrors.FromMsal(msal, "service principal " + ClientId, ClientId, TenantId, assertion).Message, "WorkloadErrors.FromMsal");
        CheckLine(MsalErrorLine.ToHelperException(msal, "contoso", TenantId).Message, "MsalErrorLine");
        var unavailable = new MsalServiceException(msal.ErrorCode, msal.Message, 503);
        CheckLine(WorkloadErrors.FromMsal(unavailable, "managed identity", null, null, AssertionClaims.None).Message, "WorkloadErrors.FromMsal (503)");
        CheckLine(MsalErrorLine.ToHelperException(unavailable, "contoso").Message, "MsalErrorLine (503)");
    }

    private static void CheckLine(string message, string what)
    {
        Invariant.IsOneLine(message, what);
        Invariant.Holds(!message.Contains(ClientSecret.Reveal(), StringComparison.Ordinal), $"{what} shows the client secret");
        Invariant.Holds(message.Length <= 1024, $"{what} is {message.Length} characters long");
    }

    /// <summary>A compact JWT as given, or one made around a payload given as JSON.</summary>
    private static string AsJwt(string assertion) =>
        assertion.Contains('.', StringComparison.Ordinal)
            ? assertion
            : "eyJhbGciOiJub25lIn0." + Convert.ToBase64String(Encoding.UTF8.GetBytes(assertion)).TrimEnd('=').Replace('+', '-').Replace('/', '_') + ".c2ln";

    /// <summary>Answers every request MSAL makes with the input's status and body.</summary>
    private sealed class EntraStandIn : HttpMessageHandler
    {
        public HttpStatusCode Status { get; set; }

        public string Body { get; set; } = string.Empty;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(Status) { Content = new StringContent(Body, Encoding.UTF8, "application/json") });
    }
}
