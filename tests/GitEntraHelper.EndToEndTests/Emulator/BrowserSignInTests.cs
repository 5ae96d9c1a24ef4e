using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GitEntraHelper.EndToEndTests.Infrastructure;
using Microsoft.Identity.Client;

namespace GitEntraHelper.EndToEndTests.Emulator;

/// <summary>An emulator that shows its sign-in page instead of approving at once.</summary>
[SupportedOSPlatform("linux")]
public sealed class ManualApprovalEmulatorFixture : EmulatorFixture
{
    protected override bool AutoApprove => false;
}

/// <summary>
/// A real headless Chromium fills in the emulator's sign-in page during the real MSAL's
/// interactive sign-in; the answer reaches MSAL's loopback listener through the browser.
/// </summary>
public sealed class BrowserSignInTests(ManualApprovalEmulatorFixture emulator) : IClassFixture<ManualApprovalEmulatorFixture>
{
    [OsFact(TestOs.Linux, "Debian's headless Chromium")]
    public async Task Chromium_submits_the_sign_in_page_and_msal_gets_the_users_token()
    {
        Assert.True(HeadlessChromium.Executable is not null, "Chromium is needed for this test (apt-get install chromium)");
        await using var chromium = await HeadlessChromium.StartAsync(await EmulatorSpkiAsync());
        var signInsBefore = await emulator.StatAsync("signIns");
        var pageShown = new TaskCompletionSource();

        var app = EmulatorMsal.PublicClient(emulator);
        var signIn = app.AcquireTokenInteractive(EmulatorMsal.AzureDevOpsScopes)
            .WithUseEmbeddedWebView(false)
            .WithSystemWebViewOptions(new SystemWebViewOptions
            {
                OpenBrowserAsync = url =>
                {
                    _ = Task.Run(async () =>
                    {
                        await chromium.NavigateAsync(url);
                        await chromium.WaitForAsync("document.getElementById('i0116')", TimeSpan.FromSeconds(30));
                        pageShown.TrySetResult();
                    });
                    return Task.CompletedTask;
                },
            })
            .ExecuteAsync(new CancellationTokenSource(TimeSpan.FromSeconds(90)).Token);

        await pageShown.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.False(signIn.IsCompleted); // nothing happens until the user signs in

        // Unknown account: the page says so and stays.
        await chromium.EvaluateAsync("document.getElementById('i0116').value = 'nobody@contoso.example'; document.getElementById('idSIButton9').click(); true");
        await chromium.WaitForAsync("document.getElementById('error') && document.getElementById('error').textContent.includes('AADSTS50034')", TimeSpan.FromSeconds(30));

        var user2 = emulator["EMULATOR_USER2"];
        await chromium.EvaluateAsync($"document.getElementById('i0116').value = '{user2}'; document.getElementById('i0118').value = 'any'; document.getElementById('idSIButton9').click(); true");

        var result = await signIn.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(user2, result.Account.Username);
        Assert.Equal(signInsBefore + 1, await emulator.StatAsync("signIns"));
        using var git = EmulatorGit.Sandbox(emulator);
        (await git.WithBearerAsync(result.AccessToken, "ls-remote", emulator.RepositoryUrl("fabrikam"))).EnsureSuccess();
    }

    /// <summary>The base64 SHA-256 of the emulator's TLS public key, which Chromium is told to trust.</summary>
    private async Task<string> EmulatorSpkiAsync()
    {
        var entra = new Uri(emulator.AuthorityHost);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(entra.Host, entra.Port);
        using var tls = new SslStream(tcp.GetStream());
        using var handler = emulator.CreateHandler();
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = entra.Host,
            RemoteCertificateValidationCallback = handler.SslOptions.RemoteCertificateValidationCallback,
        });
        using var certificate = X509CertificateLoader.LoadCertificate(tls.RemoteCertificate!.GetRawCertData());
        return Convert.ToBase64String(SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo()));
    }
}
