using System.Net;
using System.Text.RegularExpressions;
using GitEntraHelper.EndToEndTests.Infrastructure;

namespace GitEntraHelper.EndToEndTests.Emulator;

/// <summary>
/// Plays the system browser MSAL opens for an auto-approved sign-in: loads the authorize URL from
/// the emulator and delivers its answer to MSAL's loopback listener as a browser would, following
/// a redirect (response_mode=query) or submitting the auto-posting form (response_mode=form_post).
/// Like a real browser it runs on its own: MSAL opens its listener only after asking for the browser.
/// </summary>
internal static partial class LoopbackBrowser
{
    /// <summary>For SystemWebViewOptions.OpenBrowserAsync: starts the browsing and returns at once.</summary>
    public static Task Launch(EmulatorFixture emulator, Uri authorizeUrl)
    {
        _ = Task.Run(() => NavigateAsync(emulator, authorizeUrl));
        return Task.CompletedTask;
    }

    private static async Task NavigateAsync(EmulatorFixture emulator, Uri authorizeUrl)
    {
        using var client = emulator.CreateHttpClient();
        using var response = await client.GetAsync(authorizeUrl);
        if (response.Headers.Location is { } location)
        {
            await DeliverAsync(location, () => new HttpRequestMessage(HttpMethod.Get, location));
            return;
        }

        var html = await response.Content.ReadAsStringAsync();
        var form = FormAction().Match(html);
        if (!response.IsSuccessStatusCode || !form.Success)
        {
            throw new InvalidOperationException($"the emulator answered neither a redirect nor a form ({(int)response.StatusCode}): {html}");
        }

        var fields = HiddenInput().Matches(html).ToDictionary(
            m => WebUtility.HtmlDecode(m.Groups["name"].Value),
            m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        var action = new Uri(WebUtility.HtmlDecode(form.Groups["action"].Value));
        await DeliverAsync(action, () => new HttpRequestMessage(HttpMethod.Post, action) { Content = new FormUrlEncodedContent(fields) });
    }

    /// <summary>Sends to the loopback listener, retrying while MSAL has not opened it yet.</summary>
    private static async Task DeliverAsync(Uri target, Func<HttpRequestMessage> request)
    {
        await WaitUntilListeningAsync(target.Port);
        using var loopback = new HttpClient();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var message = request();
                using var response = await loopback.SendAsync(message);
                return;
            }
            catch (HttpRequestException) when (attempt < 100)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>
    /// .NET's managed HttpListener (Linux, macOS) has a start-up window: a connection already queued
    /// when its endpoint's constructor first accepts makes Start() throw ArgumentNullException
    /// (HttpEndPointListener.ProcessAccept locks a field the constructor has not set yet). MSAL asks
    /// for the browser before it starts that listener (DefaultOsBrowserWebUi), so a browser that
    /// retries every 100 ms can land in the window on a loaded machine (seen once in
    /// AuthorizationCodeSignInTests). A person's browser never arrives that fast. On Linux this waits
    /// until the kernel lists the port as listening and then gives Start() time to return; elsewhere
    /// the retries alone remain.
    /// </summary>
    private static async Task WaitUntilListeningAsync(int port)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        string local = $":{port:X4} ";
        for (var attempt = 0; attempt < 200; attempt++)
        {
            bool listening = new[] { "/proc/net/tcp", "/proc/net/tcp6" }
                .Where(File.Exists)
                .SelectMany(File.ReadLines)
                .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Any(fields => fields.Length > 3 && (fields[1] + " ").EndsWith(local, StringComparison.Ordinal) && fields[3] == "0A");
            if (listening)
            {
                await Task.Delay(250); // the constructor's first accept follows listen() at once; this is its margin on a loaded machine
                return;
            }

            await Task.Delay(50);
        }
    }

    [GeneratedRegex("<form method=\"post\" action=\"(?<action>[^\"]+)\"")]
    private static partial Regex FormAction();

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\">")]
    private static partial Regex HiddenInput();
}
