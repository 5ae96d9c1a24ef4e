using System.Security.Cryptography.X509Certificates;
using GitEntraHelper.EndToEndTests.Infrastructure;
using Microsoft.Identity.Client;

namespace GitEntraHelper.EndToEndTests.Emulator;

/// <summary>The real MSAL's client credentials flow: secret and certificate, and the errors Entra gives.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class ServicePrincipalTests(EmulatorFixture emulator)
{
    [OsFact(TestOs.All)]
    public async Task Client_secret_gets_an_app_token_that_git_accepts()
    {
        var app = EmulatorMsal.ConfidentialClient(emulator, emulator["EMULATOR_SP_CLIENT_ID"])
            .WithClientSecret(emulator["EMULATOR_SP_CLIENT_SECRET"]).Build();
        var before = await emulator.StatAsync("clientCredentialsGrants");

        var result = await app.AcquireTokenForClient(EmulatorMsal.AzureDevOpsScopes).ExecuteAsync();

        var claims = AuthorizationCodeSignInTests.Payload(result.AccessToken);
        Assert.Equal("app", (string?)claims["idtyp"]);
        Assert.Equal(emulator["EMULATOR_SP_CLIENT_ID"], (string?)claims["azp"]);
        Assert.Equal("1", (string?)claims["azpacr"]);
        Assert.Equal(emulator.TenantId, (string?)claims["tid"]);
        Assert.Equal(before + 1, await emulator.StatAsync("clientCredentialsGrants"));

        using var git = EmulatorGit.Sandbox(emulator);
        (await git.WithBearerAsync(result.AccessToken, "ls-remote", emulator.RepositoryUrl())).EnsureSuccess();
    }

    [OsTheory(TestOs.All)]
    [InlineData("pfx")]
    [InlineData("pem")]
    public async Task Certificate_assertion_gets_an_app_token(string form)
    {
        using var certificate = form == "pfx"
            ? X509CertificateLoader.LoadPkcs12FromFile(emulator["EMULATOR_SP_CERT_PFX"], emulator["EMULATOR_SP_CERT_PFX_PASSWORD"])
            : X509Certificate2.CreateFromPemFile(emulator["EMULATOR_SP_CERT_PEM"]);
        var app = EmulatorMsal.ConfidentialClient(emulator, emulator["EMULATOR_SP_CERT_CLIENT_ID"])
            .WithCertificate(certificate).Build();

        var result = await app.AcquireTokenForClient(EmulatorMsal.AzureDevOpsScopes).ExecuteAsync();

        var claims = AuthorizationCodeSignInTests.Payload(result.AccessToken);
        Assert.Equal(emulator["EMULATOR_SP_CERT_CLIENT_ID"], (string?)claims["azp"]);
        Assert.Equal("2", (string?)claims["azpacr"]);
    }

    [OsFact(TestOs.All)]
    public async Task A_certificate_the_app_does_not_have_is_refused()
    {
        using var key = System.Security.Cryptography.RSA.Create(2048);
        var request = new CertificateRequest("CN=someone else", key, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        using var stranger = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        var app = EmulatorMsal.ConfidentialClient(emulator, emulator["EMULATOR_SP_CERT_CLIENT_ID"]).WithCertificate(stranger).Build();

        var error = await Assert.ThrowsAsync<MsalServiceException>(() => app.AcquireTokenForClient(EmulatorMsal.AzureDevOpsScopes).ExecuteAsync());

        Assert.Equal("invalid_client", error.ErrorCode);
        Assert.Contains("AADSTS700027", error.Message, StringComparison.Ordinal);
    }

    [OsFact(TestOs.All)]
    public async Task Wrong_secret_is_AADSTS7000215()
    {
        var app = EmulatorMsal.ConfidentialClient(emulator, emulator["EMULATOR_SP_CLIENT_ID"]).WithClientSecret("not-the-secret").Build();
        var failuresBefore = await emulator.StatAsync("failedTokenRequests");

        var error = await Assert.ThrowsAsync<MsalServiceException>(() => app.AcquireTokenForClient(EmulatorMsal.AzureDevOpsScopes).ExecuteAsync());

        Assert.Equal("invalid_client", error.ErrorCode);
        Assert.Equal(401, error.StatusCode);
        Assert.Contains("AADSTS7000215", error.Message, StringComparison.Ordinal);
        Assert.Equal(failuresBefore + 1, await emulator.StatAsync("failedTokenRequests"));
    }

    [OsFact(TestOs.All)]
    public async Task Unknown_application_is_AADSTS700016()
    {
        var app = EmulatorMsal.ConfidentialClient(emulator, Guid.NewGuid().ToString()).WithClientSecret("whatever").Build();

        var error = await Assert.ThrowsAsync<MsalServiceException>(() => app.AcquireTokenForClient(EmulatorMsal.AzureDevOpsScopes).ExecuteAsync());

        Assert.Equal("unauthorized_client", error.ErrorCode);
        Assert.Contains("AADSTS700016", error.Message, StringComparison.Ordinal);
    }

    [OsFact(TestOs.All)]
    public async Task Client_credentials_need_a_default_scope()
    {
        var app = EmulatorMsal.ConfidentialClient(emulator, emulator["EMULATOR_SP_CLIENT_ID"])
            .WithClientSecret(emulator["EMULATOR_SP_CLIENT_SECRET"]).Build();

        var error = await Assert.ThrowsAsync<MsalServiceException>(() =>
            app.AcquireTokenForClient(["499b84ac-1321-427f-aa17-267ca6975798/user_impersonation"]).ExecuteAsync());

        Assert.Contains("AADSTS1002012", error.Message, StringComparison.Ordinal);
    }
}
