using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using GitEntraHelper.Diagnostics;

namespace GitEntraHelper.Identity.Workload;

/// <summary>
/// Asks a CI system's OIDC endpoint (GitHub Actions, Azure Pipelines) for an ID token to federate with.
/// The request carries the CI job's own token; neither token is ever logged.
/// </summary>
internal static class OidcTokenEndpoint
{
    /// <param name="what">Names the endpoint in errors, e.g. "GitHub Actions' OIDC endpoint".</param>
    /// <param name="property">JSON property holding the token in the answer ("value", "oidcToken").</param>
    /// <param name="fix">What to do when the endpoint refuses the request.</param>
    public static async Task<Secret> RequestAsync(HttpClient http, HttpMethod method, Uri uri, Secret bearer,
        string what, string property, string fix, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(method, uri);
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer.Reveal());
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (method == HttpMethod.Post)
            message.Content = new ByteArrayContent([]) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw WorkloadErrors.Unreachable(what, uri, e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw WorkloadErrors.Unreachable(what, uri, e);
        }

        using (response)
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK)
                throw new HelperException($"{Capitalize(what)} answered HTTP {(int)response.StatusCode}: {fix}");
            var token = ReadStringProperty(body, property);
            if (string.IsNullOrEmpty(token))
                throw new HelperException($"{Capitalize(what)} answered without a token ('{property}' missing): {fix}");
            return new Secret(token);
        }
    }

    /// <summary>Appends query parameters to a URL that may already have a query.</summary>
    public static Uri WithQuery(string url, string query)
    {
        var separator = url.Contains('?', StringComparison.Ordinal) ? (url.EndsWith('?') || url.EndsWith('&') ? string.Empty : "&") : "?";
        return new Uri(url + separator + query);
    }

    internal static string? ReadStringProperty(byte[] json, string property)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                return null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var match = reader.ValueTextEquals(property);
                reader.Read();
                if (match && reader.TokenType == JsonTokenType.String)
                    return reader.GetString();
                reader.Skip();
            }
        }
        catch (JsonException)
        {
        }
        return null;
    }

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
