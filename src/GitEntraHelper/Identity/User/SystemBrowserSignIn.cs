using GitEntraHelper.Diagnostics;
using GitEntraHelper.Platform;
using Microsoft.Identity.Client;

namespace GitEntraHelper.Identity.User;

/// <summary>
/// The system browser with MSAL's loopback redirect (http://localhost:PORT). BROWSER picks the browser;
/// the page MSAL serves after sign-in tells the user to go back to the terminal.
/// </summary>
internal sealed class SystemBrowserSignIn(IMsalUserClientFactory clients, BrowserLauncher launcher, ITerminal terminal, HelperTrace trace) : IInteractiveSignIn
{
    /// <summary>A sign-in left open in a forgotten tab must not keep git waiting forever.</summary>
    internal static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(10);

    private const string SuccessPage =
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Signed in</title></head><body>" +
        "<h1>Signed in to Azure DevOps</h1><p>git-credential-entra has your sign-in. You can close this tab and return to the terminal.</p>" +
        "</body></html>";

    private const string ErrorPage =
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Sign-in failed</title></head><body>" +
        "<h1>Sign-in failed</h1><p>{0}: {1}</p><p>Return to the terminal for details.</p></body></html>";

    public async Task<AuthenticationResult> SignInAsync(SignInRequest request, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(MaxWait);
        var browser = new SystemWebViewOptions
        {
            HtmlMessageSuccess = SuccessPage,
            HtmlMessageError = ErrorPage,
            OpenBrowserAsync = launcher.CreateOpener(),
        };
        IMsalUserClient client = clients.Create(request.Tenant, broker: false);
        terminal.WriteLine($"Opening a browser to sign in to Azure DevOps ('{request.Target.Organization}'); waiting for the browser… (Ctrl-C to cancel)");
        try
        {
            return await client.AcquireInteractiveAsync(
                new InteractiveOptions(request.LoginHint, request.Claims, browser, null, request.SelectAccount),
                limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new HelperException($"browser sign-in for '{request.Target.Organization}' did not complete within {MaxWait.TotalMinutes:0} minutes: run the git command again");
        }
        catch (MsalClientException e) when (e.ErrorCode == MsalError.LinuxXdgOpen)
        {
            trace.Write("signin", $"browser: {e.ErrorCode}");
            throw new SignInFlowUnavailableException("no browser could be started (xdg-open failed)", e);
        }
    }
}
