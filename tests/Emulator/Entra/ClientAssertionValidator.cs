using System.Security.Cryptography;
using Emulator.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Emulator.Entra;

/// <summary>
/// Checks a client assertion. Self-issued (iss = sub = client id): signed by the app's registered
/// certificate (x5t / x5t#S256), audience = the token endpoint. Otherwise federated: issued by a
/// known OIDC issuer and matching one of the app's federated credentials (issuer, subject, audience).
/// Signatures and lifetimes are checked with Microsoft.IdentityModel.
/// </summary>
internal static class ClientAssertionValidator
{
    private static readonly JsonWebTokenHandler Handler = new();

    public static async Task<EntraError?> ValidateAsync(EmulatorContext context, GrantRequest request, string assertion)
    {
        JsonWebToken jwt;
        try
        {
            jwt = Handler.ReadJsonWebToken(assertion);
        }
        catch (ArgumentException)
        {
            return Invalid(50027, "JWT token is invalid or malformed.");
        }

        var clientId = request.Client.ClientId;
        return string.Equals(jwt.Issuer, clientId, StringComparison.OrdinalIgnoreCase)
            ? await ValidateCertificateAssertionAsync(context, request, jwt, assertion)
            : await ValidateFederatedAssertionAsync(context, request, jwt, assertion);
    }

    private static async Task<EntraError?> ValidateCertificateAssertionAsync(EmulatorContext context, GrantRequest request, JsonWebToken jwt, string assertion)
    {
        var client = request.Client;
        if (client.Certificate is not { } certificate || !ThumbprintMatches(jwt, certificate.RawData))
        {
            return Invalid(700027, $"Client assertion failed signature validation. (Reason - The key was not found., Thumbprint of key used by client: '{Header(jwt, "x5t") ?? Header(jwt, "x5t#S256")}'. Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '{client.ClientId}'.)");
        }

        if (!string.Equals(jwt.Subject, client.ClientId, StringComparison.OrdinalIgnoreCase))
        {
            return Invalid(700021, "Client assertion application identifier doesn't match 'client_id' parameter.");
        }

        var tenantId = client.Tenant.Id;
        var audiences = new[]
        {
            context.Urls.TokenEndpoint(request.TenantSegment),
            context.Urls.TokenEndpoint(tenantId),
            context.Urls.EntraIssuer(tenantId),
            context.Urls.AuthorityHost + tenantId,
            context.Urls.AuthorityHost + tenantId + "/",
        };
        var result = await Handler.ValidateTokenAsync(assertion, new TokenValidationParameters
        {
            ValidIssuer = client.ClientId,
            ValidAudiences = audiences,
            IssuerSigningKey = new X509SecurityKey(certificate),
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.FromMinutes(5),
        });
        return result.IsValid ? null : Describe(result.Exception, jwt, federated: false);
    }

    private static async Task<EntraError?> ValidateFederatedAssertionAsync(EmulatorContext context, GrantRequest request, JsonWebToken jwt, string assertion)
    {
        var audiences = jwt.Audiences.ToList();
        var credentials = request.Client.FederatedCredentials;
        var issuer = context.Issuers.FindByIssuer(jwt.Issuer);
        var matching = credentials.FirstOrDefault(c => c.Issuer == jwt.Issuer && c.Subject == jwt.Subject && audiences.Contains(c.Audience));
        if (issuer is null || matching is null)
        {
            var subjectOnly = credentials.Any(c => c.Issuer == jwt.Issuer && audiences.Contains(c.Audience));
            return subjectOnly
                ? Invalid(700213, $"No matching federated identity record found for presented assertion subject '{jwt.Subject}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion.")
                : Invalid(70021, $"No matching federated identity record found for presented assertion. Assertion Issuer: '{jwt.Issuer}'. Assertion Subject: '{jwt.Subject}'. Assertion Audience: '{string.Join(",", audiences)}'.");
        }

        var result = await Handler.ValidateTokenAsync(assertion, new TokenValidationParameters
        {
            ValidIssuer = issuer.IssuerUrl,
            ValidAudience = matching.Audience,
            IssuerSigningKey = issuer.Key.Key,
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.FromMinutes(5),
        });
        return result.IsValid ? null : Describe(result.Exception, jwt, federated: true);
    }

    private static EntraError Describe(Exception? exception, JsonWebToken jwt, bool federated) => exception switch
    {
        SecurityTokenExpiredException or SecurityTokenNotYetValidException or SecurityTokenNoExpirationException =>
            Invalid(700024, $"Client assertion is not within its valid time range. Current time: {DateTime.UtcNow:O}, assertion valid from {jwt.ValidFrom:O}, expiry time of assertion {jwt.ValidTo:O}."),
        SecurityTokenInvalidAudienceException when !federated =>
            Invalid(50027, $"JWT token is invalid: the audience '{string.Join(",", jwt.Audiences)}' is not this token endpoint."),
        SecurityTokenInvalidAudienceException =>
            Invalid(700212, $"No matching federated identity record found for presented assertion audience '{string.Join(",", jwt.Audiences)}'."),
        _ => Invalid(700027, "Client assertion failed signature validation."),
    };

    private static bool ThumbprintMatches(JsonWebToken jwt, byte[] certificate) =>
        Header(jwt, "x5t") == UrlSafe.Encode(SHA1.HashData(certificate))
        || Header(jwt, "x5t#S256") == UrlSafe.Encode(SHA256.HashData(certificate))
        || (Header(jwt, "x5t") is null && Header(jwt, "x5t#S256") is null);

    private static string? Header(JsonWebToken jwt, string name) =>
        jwt.TryGetHeaderValue<string>(name, out var value) ? value : null;

    private static EntraError Invalid(int code, string description) => new(401, "invalid_client", code, description);
}
