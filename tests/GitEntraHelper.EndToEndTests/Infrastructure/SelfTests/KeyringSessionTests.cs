namespace GitEntraHelper.EndToEndTests.Infrastructure.SelfTests;

/// <summary>The private D-Bus + gnome-keyring the token cache tests rely on really stores secrets, and only there.</summary>
[SupportedOSPlatform("linux")]
public sealed class KeyringSessionTests
{
    [OsFact(TestOs.Linux, "gnome-keyring on a private D-Bus")]
    public void StoresAndFindsASecretThroughTheSecretService()
    {
        using var keyring = TestPlatform.StartGnomeKeyring();
        var secret = "s3cret-" + Guid.NewGuid().ToString("N");

        keyring.Store("gce self-test", secret, ("app", "gce-selftest"), ("kind", "probe"));

        Assert.Equal(secret, keyring.Lookup(("app", "gce-selftest"), ("kind", "probe")));
        Assert.Contains("label = gce self-test", keyring.Search(("app", "gce-selftest")), StringComparison.Ordinal);
        Assert.Null(keyring.Lookup(("app", "gce-selftest"), ("kind", "other")));
        // Stored encrypted on disk, never in clear.
        var files = Directory.GetFiles(keyring.KeyringsDirectory);
        Assert.NotEmpty(files);
        Assert.DoesNotContain(files, f => File.ReadAllText(f).Contains(secret, StringComparison.Ordinal));
    }

    [OsFact(TestOs.Linux, "gnome-keyring on a private D-Bus")]
    public void SandboxedProcessesUseTheSessionsKeyring()
    {
        using var keyring = TestPlatform.StartGnomeKeyring();
        using var sandbox = new GitSandbox(secrets: keyring);

        sandbox.Run("secret-tool", "from-sandbox", "store", "--label=x", "app", "gce-selftest").EnsureSuccess();

        Assert.Equal("from-sandbox", keyring.Lookup(("app", "gce-selftest")));
        Assert.Equal("from-sandbox", sandbox.Run("secret-tool", null, "lookup", "app", "gce-selftest").EnsureSuccess().StdOut);
    }

    [OsFact(TestOs.Linux, "gnome-keyring on a private D-Bus")]
    public void SessionsAreIsolatedFromEachOther()
    {
        using var first = TestPlatform.StartGnomeKeyring();
        using var second = TestPlatform.StartGnomeKeyring();

        first.Store("x", "only-in-first", ("app", "gce-selftest"));

        Assert.NotEqual(first.BusAddress, second.BusAddress);
        Assert.Null(second.Lookup(("app", "gce-selftest")));
    }

    [OsFact(TestOs.Linux, "gnome-keyring on a private D-Bus")]
    public void WithoutSecretServiceStoringFailsPromptly()
    {
        using var bus = TestPlatform.StartBusWithoutSecretService();
        using var sandbox = new GitSandbox(secrets: bus);

        var result = sandbox.Run("secret-tool", "nowhere", "store", "--label=x", "app", "gce-selftest");

        Assert.False(bus.HasSecretService);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("org.freedesktop.secrets", result.StdErr, StringComparison.Ordinal);
        Assert.True(result.Duration < TimeSpan.FromSeconds(10), result.ToString());
    }

    [OsFact(TestOs.Linux, "gnome-keyring on a private D-Bus")]
    public void WithoutAnyBusStoringFailsPromptly()
    {
        using var sandbox = new GitSandbox();

        var result = sandbox.Run("secret-tool", "nowhere", "store", "--label=x", "app", "gce-selftest");

        Assert.DoesNotContain("DBUS_SESSION_BUS_ADDRESS", sandbox.BuildEnvironment().Keys);
        Assert.NotEqual(0, result.ExitCode);
        Assert.True(result.Duration < TimeSpan.FromSeconds(10), result.ToString());
    }

    [OsFact(TestOs.Linux, "gnome-keyring on a private D-Bus")]
    public void LockAndUnlockChangeTheLoginCollection()
    {
        using var keyring = TestPlatform.StartGnomeKeyring();
        keyring.Store("x", "kept", ("app", "gce-selftest"));

        keyring.Lock();
        Assert.False(keyring.IsUnlocked());

        keyring.Unlock();
        Assert.True(keyring.IsUnlocked());
        Assert.Equal("kept", keyring.Lookup(("app", "gce-selftest")));
    }
}
