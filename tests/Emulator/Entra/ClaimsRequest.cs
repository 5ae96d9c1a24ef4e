using System.Text.Json;

namespace Emulator.Entra;

/// <summary>
/// The OIDC "claims" request parameter MSAL sends: client capabilities (xms_cc, e.g. cp1) and the
/// claims a resource demanded in a claims challenge (anything else under access_token).
/// </summary>
internal sealed record ClaimsRequest(IReadOnlyList<string> ClientCapabilities, IReadOnlyList<string> DemandedClaims)
{
    public static readonly ClaimsRequest None = new([], []);

    public static ClaimsRequest? Parse(string? claims, out EntraError? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(claims))
        {
            return None;
        }

        try
        {
            using var document = JsonDocument.Parse(claims);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("access_token", out var accessToken)
                || accessToken.ValueKind != JsonValueKind.Object)
            {
                return None;
            }

            var capabilities = new List<string>();
            var demanded = new List<string>();
            foreach (var claim in accessToken.EnumerateObject())
            {
                if (claim.Name == "xms_cc")
                {
                    if (claim.Value.ValueKind == JsonValueKind.Object
                        && claim.Value.TryGetProperty("values", out var values) && values.ValueKind == JsonValueKind.Array)
                    {
                        capabilities.AddRange(values.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!));
                    }
                }
                else
                {
                    demanded.Add(claim.Name);
                }
            }

            return new ClaimsRequest(capabilities, demanded);
        }
        catch (JsonException)
        {
            error = new EntraError(400, "invalid_request", 90014, "The claims request parameter is not valid JSON.");
            return null;
        }
    }
}
