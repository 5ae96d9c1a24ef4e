using GitEntraHelper.EndToEndTests.Infrastructure;
using Microsoft.Identity.Client;
using Microsoft.Identity.Client.AppConfig;

namespace GitEntraHelper.EndToEndTests.Emulator;

/// <summary>Runs alone: MSAL reads IDENTITY_ENDPOINT/IDENTITY_HEADER from the test process's environment.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ManagedIdentityCollection : ICollectionFixture<EmulatorFixture>
{
    public const string Name = "Managed identity (process environment)";
}

/// <summary>The real MSAL's App Service managed identity source against the emulator's endpoint.</summary>
[Collection(ManagedIdentityCollection.Name)]
public sealed class ManagedIdentityTests(EmulatorFixture emulator)
{
    [OsFact(TestOs.All)]
    public async Task System_assigned_identity_gets_a_token_git_accepts()
    {
        var result = await AcquireAsync(ManagedIdentityId.SystemAssigned);

        var claims = AuthorizationCodeSignInTests.Payload(result.AccessToken);
        Assert.Equal("app", (string?)claims["idtyp"]);
        Assert.Equal("499b84ac-1321-427f-aa17-267ca6975798", (string?)claims["aud"]);
        using var git = EmulatorGit.Sandbox(emulator);
        (await git.WithBearerAsync(result.AccessToken, "ls-remote", emulator.RepositoryUrl())).EnsureSuccess();
    }

    [OsFact(TestOs.All)]
    public async Task User_assigned_identity_by_client_id_and_by_resource_id()
    {
        var byClientId = await AcquireAsync(ManagedIdentityId.WithUserAssignedClientId(emulator["EMULATOR_MI_USER_ASSIGNED_CLIENT_ID"]));
        var byResourceId = await AcquireAsync(ManagedIdentityId.WithUserAssignedResourceId(emulator["EMULATOR_MI_USER_ASSIGNED_RESOURCE_ID"]));

        Assert.Equal(emulator["EMULATOR_MI_USER_ASSIGNED_CLIENT_ID"], (string?)AuthorizationCodeSignInTests.Payload(byClientId.AccessToken)["azp"]);
        Assert.Equal(emulator["EMULATOR_MI_USER_ASSIGNED_CLIENT_ID"], (string?)AuthorizationCodeSignInTests.Payload(byResourceId.AccessToken)["azp"]);
    }

    [OsFact(TestOs.All)]
    public async Task Wrong_identity_header_is_refused()
    {
        var error = await Assert.ThrowsAsync<MsalServiceException>(() => AcquireAsync(ManagedIdentityId.SystemAssigned, identityHeader: "wrong"));
        Assert.Equal(401, error.StatusCode);
    }

    private async Task<AuthenticationResult> AcquireAsync(ManagedIdentityId id, string? identityHeader = null)
    {
        Environment.SetEnvironmentVariable("IDENTITY_ENDPOINT", emulator["EMULATOR_IDENTITY_ENDPOINT"]);
        Environment.SetEnvironmentVariable("IDENTITY_HEADER", identityHeader ?? emulator["EMULATOR_IDENTITY_HEADER"]);
        try
        {
            var before = await emulator.StatAsync("managedIdentityGrants");
            var app = ManagedIdentityApplicationBuilder.Create(id)
                .WithHttpClientFactory(new EmulatorMsal.TrustingHttpClientFactory(emulator))
                .Build();
            var result = await app.AcquireTokenForManagedIdentity("499b84ac-1321-427f-aa17-267ca6975798")
                .WithForceRefresh(true) // MSAL caches managed identity tokens process-wide
                .ExecuteAsync();
            Assert.Equal(before + 1, await emulator.StatAsync("managedIdentityGrants"));
            return result;
        }
        finally
        {
            Environment.SetEnvironmentVariable("IDENTITY_ENDPOINT", null);
            Environment.SetEnvironmentVariable("IDENTITY_HEADER", null);
        }
    }
}
