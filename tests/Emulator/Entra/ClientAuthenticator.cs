using System.Security.Cryptography;
using System.Text;
using Emulator.Tokens;

namespace Emulator.Entra;

/// <summary>How a confidential client proves itself at the token endpoint: client_secret or a client assertion.</summary>
internal static class ClientAuthenticator
{
    public const string JwtBearerAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    public static async Task<(ClientAuthentication How, EntraError? Error)> AuthenticateAsync(EmulatorContext context, GrantRequest request)
    {
        var client = request.Client;
        var secret = request["client_secret"];
        var assertion = request["client_assertion"];
        if (client.IsPublicClient)
        {
            return (ClientAuthentication.None, secret is null && assertion is null
                ? EntraError.MissingClientCredential()
                : EntraError.PublicClientCannotUseCredentials());
        }

        if (!string.IsNullOrEmpty(secret))
        {
            var matches = client.Secret is not null
                && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(client.Secret));
            return matches ? (ClientAuthentication.Secret, null) : (ClientAuthentication.None, EntraError.InvalidSecret(client.ClientId));
        }

        if (!string.IsNullOrEmpty(assertion))
        {
            if (!string.Equals(request["client_assertion_type"], JwtBearerAssertionType, StringComparison.Ordinal))
            {
                return (ClientAuthentication.None, new EntraError(400, "invalid_request", 900144,
                    $"The request body must contain the following parameter: 'client_assertion_type' with value '{JwtBearerAssertionType}'."));
            }

            var error = await ClientAssertionValidator.ValidateAsync(context, request, assertion);
            return (ClientAuthentication.Assertion, error);
        }

        return (ClientAuthentication.None, EntraError.MissingClientCredential());
    }
}
