using GitEntraHelper.EndToEndTests.Infrastructure;
using Microsoft.Identity.Client;

namespace GitEntraHelper.EndToEndTests.Emulator;

/// <summary>Signs a given emulator user in with the real MSAL (device code, auto-approved as that user).</summary>
internal static class EmulatorSignIn
{
    /// <summary>Restores --auto-approve's rule: "organizations" as EMULATOR_MSA_USER, any other authority as EMULATOR_USER.</summary>
    public const string DefaultApproval = "/auto-approve?user=default";

    public static async Task<AuthenticationResult> AsAsync(EmulatorFixture emulator, string upn, string? tenantId = null, string[]? scopes = null)
    {
        await emulator.AdminAsync("/auto-approve?user=" + Uri.EscapeDataString(upn));
        try
        {
            return await EmulatorMsal.PublicClient(emulator, tenantId)
                .AcquireTokenWithDeviceCode(scopes ?? EmulatorMsal.AzureDevOpsScopes, _ => Task.CompletedTask)
                .ExecuteAsync();
        }
        finally
        {
            await emulator.AdminAsync(EmulatorSignIn.DefaultApproval);
        }
    }
}
