namespace Emulator.Entra;

/// <summary>
/// Claims challenges that only a user can satisfy (an authentication context, "acrs"): a silent
/// refresh carrying them fails with AADSTS50076 interaction_required, as when Entra demands MFA;
/// an interactive or device code sign-in carrying them succeeds.
/// </summary>
internal static class StepUpClaims
{
    public const string AuthenticationContext = "c1";

    public static string ChallengeJson(string notBefore, bool interactive)
    {
        var accessToken = new System.Text.Json.Nodes.JsonObject
        {
            ["nbf"] = new System.Text.Json.Nodes.JsonObject { ["essential"] = true, ["value"] = notBefore },
        };
        if (interactive)
        {
            accessToken["acrs"] = new System.Text.Json.Nodes.JsonObject { ["essential"] = true, ["value"] = AuthenticationContext };
        }

        return new System.Text.Json.Nodes.JsonObject { ["access_token"] = accessToken }.ToJsonString();
    }

    public static EntraError? RequireInteraction(string? claims) =>
        claims is not null && claims.Contains("\"acrs\"", StringComparison.Ordinal)
            ? new EntraError(400, "interaction_required", 50076,
                "Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access the resource.")
            {
                SubError = "basic_action",
                Claims = claims,
            }
            : null;
}
