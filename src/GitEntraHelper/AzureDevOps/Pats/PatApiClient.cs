using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using GitEntraHelper.Diagnostics;

namespace GitEntraHelper.AzureDevOps.Pats;

/// <summary>
/// The PAT lifecycle management API (learn.microsoft.com "Pats": List, Revoke) at an organization's vssps
/// endpoint, called with the signed-in user's Entra token: list pages through continuation tokens ("" on
/// the last page), revoke by authorization id. Redirects are never followed (a redirect is the API's
/// answer to a token it does not take, and the token must not travel on). Never reads or writes a secret
/// value: the API lists tokens without them.
/// </summary>
public sealed class PatApiClient(HttpClient http, Uri endpoint, Secret token, AzureDevOpsTarget target, string identity, HelperTrace trace)
{
    public const string ApiVersion = "7.1-preview.1";

    /// <summary>The documented maximum page size.</summary>
    public const int PageSize = 100;

    /// <summary>Stops a server whose continuation tokens never end (100 000 tokens).</summary>
    private const int MaximumPages = 1000;

    /// <summary>Where the user manages tokens in the browser (named in error lines).</summary>
    public Uri TokensPage => new($"{target.OrganizationUrl}/_usersSettings/tokens");

    /// <summary>Every token of the signed-in user in the organization that <paramref name="filter"/> shows (active by default).</summary>
    public async Task<IReadOnlyList<PersonalAccessToken>> ListAsync(CancellationToken cancellationToken, string filter = "active")
    {
        var tokens = new List<PersonalAccessToken>();
        string continuation = "";
        for (int page = 0; page < MaximumPages; page++)
        {
            string query = $"api-version={ApiVersion}&displayFilterOption={filter}&sortByOption=displayName&isSortAscending=true&$top={PageSize}"
                + (continuation.Length > 0 ? "&continuationToken=" + Uri.EscapeDataString(continuation) : "");
            using JsonDocument answer = await SendAsync(HttpMethod.Get, query, cancellationToken).ConfigureAwait(false)
                ?? throw new HelperException($"the PAT API of {target.Organization} answered a list with no body");
            JsonElement root = answer.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("patTokens", out JsonElement list) || list.ValueKind != JsonValueKind.Array)
            {
                throw new HelperException($"the PAT API of {target.Organization} answered a list without patTokens");
            }

            foreach (JsonElement item in list.EnumerateArray())
            {
                tokens.Add(Parse(item));
            }

            continuation = root.TryGetProperty("continuationToken", out JsonElement next) && next.ValueKind == JsonValueKind.String ? next.GetString() ?? "" : "";
            trace.Write("pat", $"page {page + 1}: {list.GetArrayLength()} token(s), {(continuation.Length > 0 ? "more" : "last page")}");
            if (continuation.Length == 0)
            {
                return tokens;
            }
        }

        throw new HelperException($"the PAT API of {target.Organization} kept answering more pages after {MaximumPages}: stopped");
    }

    /// <summary>Revokes one token; false when the organization has no token with that id for this user.</summary>
    public async Task<bool> RevokeAsync(Guid authorizationId, CancellationToken cancellationToken)
    {
        string query = $"authorizationId={authorizationId:D}&api-version={ApiVersion}";
        try
        {
            using JsonDocument? _ = await SendAsync(HttpMethod.Delete, query, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (PatNotFoundException)
        {
            return false;
        }
    }

    private async Task<JsonDocument?> SendAsync(HttpMethod method, string query, CancellationToken cancellationToken)
    {
        var uri = new Uri(endpoint, "_apis/tokens/pats?" + query);
        using var request = new HttpRequestMessage(method, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Reveal());
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.TryAddWithoutValidation("X-TFS-FedAuthRedirect", "Suppress");
        request.Headers.TryAddWithoutValidation("User-Agent", "git-credential-entra");

        HttpResponseMessage response;
        using (trace.Time($"pat: {method} {uri.AbsolutePath}"))
        {
            try
            {
                response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new HelperException($"the PAT API at {uri.GetLeftPart(UriPartial.Authority)} did not answer within {http.Timeout.TotalSeconds:0} s: check the network and the proxy (HTTPS_PROXY), then retry");
            }
            catch (HttpRequestException e)
            {
                throw new HelperException($"the PAT API at {uri.GetLeftPart(UriPartial.Authority)} could not be reached ({(e.HttpRequestError == HttpRequestError.Unknown ? "connection failed" : e.HttpRequestError.ToString())}): check the network and the proxy (HTTPS_PROXY), then retry");
            }
        }

        using (response)
        {
            string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            trace.Write("pat", $"{method} → {(int)response.StatusCode}");
            if (response.StatusCode == HttpStatusCode.NotFound && body.Contains("authorizationNotFound", StringComparison.Ordinal))
            {
                throw new PatNotFoundException();
            }

            if (!response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.NonAuthoritativeInformation)
            {
                body += " " + ServiceErrorCode.HeaderText(response);

                throw PatApiErrors.From(response.StatusCode, body.Length > 8192 ? body[..8192] : body, target.Organization, identity, TokensPage);
            }

            if (body.Length == 0)
            {
                return null;
            }

            try
            {
                return JsonDocument.Parse(body);
            }
            catch (JsonException)
            {
                throw new HelperException($"the PAT API of {target.Organization} answered HTTP {(int)response.StatusCode} with something that is not JSON (a proxy's page?)");
            }
        }
    }

    private PersonalAccessToken Parse(JsonElement item)
    {
        string? Text(string name) => item.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        DateTimeOffset Time(string name) =>
            DateTimeOffset.TryParse(Text(name), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset time)
                ? time
                : throw new HelperException($"the PAT API of {target.Organization} listed a token without a valid {name}");

        return Guid.TryParse(Text("authorizationId"), out Guid id)
            ? new PersonalAccessToken(id, Text("displayName") ?? "", Text("scope") ?? "", Time("validFrom"), Time("validTo"))
            : throw new HelperException($"the PAT API of {target.Organization} listed a token without an authorizationId");
    }

    private sealed class PatNotFoundException : Exception;
}
