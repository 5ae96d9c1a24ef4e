using System.Text.Json.Nodes;

namespace Emulator.Entra;

/// <summary>What a grant produced: a token response or an Entra error.</summary>
internal readonly record struct GrantResult(JsonObject? Response, EntraError? Error)
{
    public static implicit operator GrantResult(JsonObject response) => new(response, null);

    public static implicit operator GrantResult(EntraError error) => new(null, error);
}

/// <summary>A parsed token request: the form, the tenant segment, and the client it names.</summary>
internal sealed record GrantRequest(HttpContext Http, IFormCollection Form, string TenantSegment, Model.Tenant? Tenant, Model.ClientApp Client)
{
    public string? this[string name] => Form.TryGetValue(name, out var value) ? value.ToString() : null;
}
