using GitEntraHelper.EndToEndTests.Infrastructure;

namespace GitEntraHelper.EndToEndTests.SignIn;

/// <summary>The system browser flow (BROWSER = headless Chromium) and the broker's fallback.</summary>
[Collection(SignInCollection.Name)]
[SupportedOSPlatform("linux")]
public sealed class BrowserAndBrokerTests(SignInEmulatorFixture emulator)
{
    [OsTheory(TestOs.Linux, "Debian's headless Chromium and the Linux broker")]
    [InlineData("system")]
    [InlineData("auto")] // no broker here, and BROWSER names a browser: auto picks it over a device code
    public async Task System_browser_named_by_BROWSER_completes_the_sign_in_through_msals_loopback(string flow)
    {
        using var world = new SignInWorld(emulator, GitKind.New);
        string browser = HeadlessBrowser.Install(world.Sandbox, emulator.CaFile);
        world.Sandbox.SetConfig("credential.msauthFlow", flow);
        world.Sandbox.Environment["DISPLAY"] = null;
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
        // The code reached MSAL only through Chromium posting the emulator's form_post answer to the loopback
        // listener (what MSAL then shows is unit-tested: --dump-dom catches either page, or none, by timing).

        world.CommitAndPush("contoso", SignInWorld.Branch("browser")).EnsureSuccess();
        Assert.Equal(signIns + 1, await emulator.StatAsync("signIns"));
    }

    [OsFact(TestOs.Linux, "Debian's headless Chromium and the Linux broker")]
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

    [OsFact(TestOs.Linux, "Debian's headless Chromium and the Linux broker")]
    public async Task The_default_client_never_tries_the_linux_broker_even_where_it_is_installed()
    {
        // GCM issue 2043: the default client has no broker redirect URI for Linux, so the broker would refuse it.
        using var world = new SignInWorld(emulator);
        FakeBrokerInstalled(world);
        long signIns = await emulator.StatAsync("signIns");

        var clone = world.Clone().EnsureSuccess(); // auto: not the broker, then the browser (fails), then device code

        Assert.Empty(SignInWorld.HelperLines(clone));
        string[] trace = world.Trace.Split('\n');
        Assert.Single(trace, l => l.Contains("signin: broker: not used here (the default client has no broker redirect URI on Linux (GCM issue 2043)", StringComparison.Ordinal));
        Assert.DoesNotContain(trace, l => l.Contains("wam_runtime_init_failed", StringComparison.Ordinal) || l.Contains("interactive: Broker", StringComparison.Ordinal));
        Assert.Contains("To sign in to Azure DevOps, open ", clone.StdErr, StringComparison.Ordinal);
        Assert.Equal(signIns + 1, await emulator.StatAsync("signIns"));
    }

    [OsFact(TestOs.Linux, "Debian's headless Chromium and the Linux broker")]
    public async Task An_app_that_registered_the_linux_broker_has_it_tried_and_the_real_msal_failing_to_load_it_falls_back()
    {
        // Everything the probe looks for is on disk, but the WebKitGTK "library" is an empty file: MSAL's own
        // runtime (libmsalruntime.so beside the helper) fails to load and MSAL says wam_runtime_init_failed.
        using var world = new SignInWorld(emulator);
        FakeBrokerInstalled(world);
        world.Sandbox.SetConfig("credential.azreposClientId", OwnApp);
        world.Sandbox.SetConfig("credential.entraBrokerRedirectUri", "https://login.microsoftonline.com/common/oauth2/nativeclient");
        Assert.True(File.Exists(Path.Combine(PublishedHelper.Directory, "libmsalruntime.so")), "the Broker package ships libmsalruntime.so beside the helper");

        var clone = world.Clone(); // auto: broker first (probe passes), then browser, then device code

        string[] trace = world.Trace.Split('\n');
        Assert.Single(trace, l => l.Contains("signin: Broker: not available (MSAL could not start the broker (wam_runtime_init_failed))", StringComparison.Ordinal));
        Assert.Single(trace, l => l.Contains("signin: System: not available (no BROWSER entry could be started", StringComparison.Ordinal));
        Assert.Single(trace, l => l.Contains("signin: interactive: DeviceCode", StringComparison.Ordinal));
        // The emulator knows one public client, the default one: the device code that followed is refused for
        // this made-up app, in one line — what matters here is that the broker's failure let it run.
        Assert.NotEqual(0, clone.ExitCode);
        Assert.Contains("AADSTS700016", Assert.Single(SignInWorld.HelperLines(clone)), StringComparison.Ordinal);
    }

    private const string OwnApp = "3c3c3c3c-0000-4000-8000-00000000003c";

    /// <summary>The Linux broker's files, as the probe looks for them, with an empty WebKitGTK library; a display; no browser.</summary>
    private static void FakeBrokerInstalled(SignInWorld world)
    {
        string fake = Path.Combine(world.Sandbox.Root, "fake-broker");
        Directory.CreateDirectory(Path.Combine(fake, "lib"));
        Directory.CreateDirectory(Path.Combine(fake, "share", "dbus-1", "services"));
        File.WriteAllBytes(Path.Combine(fake, "lib", "libwebkit2gtk-4.1.so.0"), []);
        File.WriteAllText(Path.Combine(fake, "share", "dbus-1", "services", "com.microsoft.identity.broker1.service"),
            "[D-BUS Service]\nName=com.microsoft.identity.broker1\nExec=/bin/false\n");
        world.Sandbox.Environment["LD_LIBRARY_PATH"] = Path.Combine(fake, "lib");
        world.Sandbox.Environment["XDG_DATA_DIRS"] = Path.Combine(fake, "share");
        world.Sandbox.Environment["DISPLAY"] = ":99";
        world.Sandbox.Environment["BROWSER"] = Path.Combine(fake, "no-such-browser");
    }

    private static string Read(string directory, string file)
    {
        string path = Path.Combine(directory, file);
        return File.Exists(path) ? File.ReadAllText(path) : string.Empty;
    }
}
