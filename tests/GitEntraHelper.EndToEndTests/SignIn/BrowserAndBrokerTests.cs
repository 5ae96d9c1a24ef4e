using GitEntraHelper.EndToEndTests.Infrastructure;

namespace GitEntraHelper.EndToEndTests.SignIn;

/// <summary>The system browser flow (BROWSER = headless Chromium) and the broker's fallback.</summary>
[Collection(SignInCollection.Name)]
public sealed class BrowserAndBrokerTests(SignInEmulatorFixture emulator)
{
    [Fact]
    public async Task System_browser_named_by_BROWSER_completes_the_sign_in_through_msals_loopback()
    {
        using var world = new SignInWorld(emulator, GitKind.New);
        string browser = HeadlessBrowser.Install(world.Sandbox, emulator.CaFile);
        world.Sandbox.SetConfig("credential.msauthFlow", "system");
        long signIns = await emulator.StatAsync("signIns");
        long codes = await emulator.StatAsync("authorizationCodeGrants");

        var clone = world.Clone();

        Assert.True(clone.ExitCode == 0, clone + "\n--- chromium ---\n" + Read(browser, "chromium.log"));
        Assert.Equal(signIns + 1, await emulator.StatAsync("signIns"));
        Assert.Equal(codes + 1, await emulator.StatAsync("authorizationCodeGrants"));
        string url = Assert.Single(File.ReadAllLines(Path.Combine(browser, "urls.log")));
        Assert.StartsWith($"{emulator.AuthorityHost}{emulator.TenantId}/oauth2/v2.0/authorize?", url, StringComparison.Ordinal);
        Assert.Contains("redirect_uri=http%3A%2F%2Flocalhost%3A", url, StringComparison.Ordinal);
        Assert.Contains("Opening a browser to sign in to Azure DevOps", clone.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("devicelogin", clone.StdErr, StringComparison.Ordinal);
        // Chromium posted the emulator's answer (form_post, as MSAL asks) to MSAL's loopback listener, which
        // answered with our page; --dump-dom catches one or the other depending on timing.
        // Chromium may still be writing its dump when git is done.
        await SignInWorld.WaitUntilAsync(
            () => Read(browser, "dom.log") is var dom
                && (dom.Contains("You can close this tab and return to the terminal.", StringComparison.Ordinal)
                    || dom.Contains("action=\"http://localhost:", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30),
            () => Read(browser, "dom.log") + Read(browser, "chromium.log"));

        world.CommitAndPush("contoso", SignInWorld.Branch("browser")).EnsureSuccess();
        Assert.Equal(signIns + 1, await emulator.StatAsync("signIns"));
    }

    [Fact]
    public async Task Broker_asked_for_but_not_installed_falls_back_with_one_trace_line_not_an_error()
    {
        using var world = new SignInWorld(emulator);
        world.Sandbox.SetConfig("credential.msauthFlow", "broker");
        world.Sandbox.Environment["DISPLAY"] = null;
        world.Sandbox.Environment["WAYLAND_DISPLAY"] = null;
        world.Sandbox.Environment["BROWSER"] = null;
        long signIns = await emulator.StatAsync("signIns");

        var clone = world.Clone().EnsureSuccess();

        Assert.Empty(SignInWorld.HelperLines(clone));
        Assert.Contains("To sign in to Azure DevOps, open ", clone.StdErr, StringComparison.Ordinal);
        var brokerLines = world.Trace.Split('\n').Where(l => l.Contains("signin: Broker: not available", StringComparison.Ordinal)).ToList();
        string line = Assert.Single(brokerLines);
        Assert.Contains("trying the next way to sign in", line, StringComparison.Ordinal);
        Assert.Equal(signIns + 1, await emulator.StatAsync("signIns"));
    }

    private static string Read(string directory, string file)
    {
        string path = Path.Combine(directory, file);
        return File.Exists(path) ? File.ReadAllText(path) : string.Empty;
    }
}
