using GitEntraHelper.Diagnostics;
using GitEntraHelper.Platform;
using GitEntraHelper.Settings;
using Microsoft.Identity.Client;

namespace GitEntraHelper.Identity.User;

/// <summary>
/// The system browser with MSAL's loopback redirect (http://localhost:PORT). <see cref="BrowserLauncher"/>
/// opens the page; its address is then printed on stderr so the user can open it by hand when no browser
/// shows it. MSAL's loopback listener has no time limit of its own (it waits for one request until the
/// cancellation token fires, then stops listening), so <paramref name="timeoutSetting"/>
/// (credential.entraBrowserTimeout) bounds the wait and ends it with one line.
/// </summary>
internal sealed class SystemBrowserSignIn(IMsalUserClientFactory clients, BrowserLauncher launcher, ITerminal terminal, HelperTrace trace, Func<TimeSpan> timeoutSetting)
    : IInteractiveSignIn
{
    private const string SuccessPage =
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Signed in</title></head><body>" +
        "<h1>Signed in to Azure DevOps</h1><p>git-credential-entra has your sign-in. You can close this tab and return to the terminal.</p>" +
        "</body></html>";

    private const string ErrorPage =
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Sign-in failed</title></head><body>" +
        "<h1>Sign-in failed</h1><p>{0}: {1}</p><p>Return to the terminal for details.</p></body></html>";

    public async Task<AuthenticationResult> SignInAsync(SignInRequest request, CancellationToken cancellationToken)
    {
        TimeSpan timeout = timeoutSetting(); // read when a sign-in starts: a bad value fails only then
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        Func<Uri, Task>? open = launcher.CreateOpener();
        var browser = new SystemWebViewOptions
        {
            HtmlMessageSuccess = SuccessPage,
            HtmlMessageError = ErrorPage,
            OpenBrowserAsync = open is null ? null : async url =>
            {
                await open(url).ConfigureAwait(false);
                // The address on a line of its own: one piece to copy, however long (its query is ~700 characters).
                terminal.WriteLine($"If no browser shows the sign-in page, open this address (waiting up to {Minutes(timeout)}):");
                terminal.WriteLine(url.AbsoluteUri);
            },
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
            throw new HelperException(
                $"browser sign-in for '{request.Target.Organization}' did not complete within {Minutes(timeout)} ({SettingKeys.BrowserTimeout.GitConfigKey})")
            {
                Hints = ["run the git command again and finish the sign-in in the browser, or open the address it prints yourself"],
            };
        }
        catch (MsalClientException e) when (e.ErrorCode == MsalError.LinuxXdgOpen)
        {
            trace.Write("signin", $"browser: {e.ErrorCode}");
            throw new SignInFlowUnavailableException("no browser could be started (xdg-open failed)", e);
        }
    }

    private static string Minutes(TimeSpan span) =>
        span.TotalMinutes >= 1 && span.TotalSeconds % 60 == 0 ? $"{span.TotalMinutes:0} min" : $"{span.TotalSeconds:0} s";
}
