namespace GitEntraHelper.EndToEndTests.Infrastructure.SelfTests;

/// <summary>The private D-Bus + gnome-keyring the token cache tests rely on really stores secrets, and only there.</summary>
public sealed class KeyringSessionTests
{
    [Fact]
    public void StoresAndFindsASecretThroughTheSecretService()
    {
        using var keyring = KeyringSession.Start();
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

    [Fact]
    public void SandboxedProcessesUseTheSessionsKeyring()
    {
        using var keyring = KeyringSession.Start();
        using var sandbox = new GitSandbox(keyring: keyring);

        sandbox.Run("secret-tool", "from-sandbox", "store", "--label=x", "app", "gce-selftest").EnsureSuccess();

        Assert.Equal("from-sandbox", keyring.Lookup(("app", "gce-selftest")));
        Assert.Equal("from-sandbox", sandbox.Run("secret-tool", null, "lookup", "app", "gce-selftest").EnsureSuccess().StdOut);
    }

    [Fact]
    public void SessionsAreIsolatedFromEachOther()
    {
        using var first = KeyringSession.Start();
        using var second = KeyringSession.Start();

        first.Store("x", "only-in-first", ("app", "gce-selftest"));

        Assert.NotEqual(first.BusAddress, second.BusAddress);
        Assert.Null(second.Lookup(("app", "gce-selftest")));
    }

    [Fact]
    public void WithoutSecretServiceStoringFailsPromptly()
    {
        using var bus = KeyringSession.StartWithoutSecretService();
        using var sandbox = new GitSandbox(keyring: bus);

        var result = sandbox.Run("secret-tool", "nowhere", "store", "--label=x", "app", "gce-selftest");

        Assert.False(bus.HasSecretService);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("org.freedesktop.secrets", result.StdErr, StringComparison.Ordinal);
        Assert.True(result.Duration < TimeSpan.FromSeconds(10), result.ToString());
    }

    [Fact]
    public void WithoutAnyBusStoringFailsPromptly()
    {
        using var sandbox = new GitSandbox();

        var result = sandbox.Run("secret-tool", "nowhere", "store", "--label=x", "app", "gce-selftest");

        Assert.DoesNotContain("DBUS_SESSION_BUS_ADDRESS", sandbox.BuildEnvironment().Keys);
        Assert.NotEqual(0, result.ExitCode);
        Assert.True(result.Duration < TimeSpan.FromSeconds(10), result.ToString());
    }

    [Fact]
    public void LockAndUnlockChangeTheLoginCollection()
    {
        using var keyring = KeyringSession.Start();
        keyring.Store("x", "kept", ("app", "gce-selftest"));

        keyring.Lock();
        Assert.False(keyring.IsUnlocked());

        keyring.Unlock();
        Assert.True(keyring.IsUnlocked());
        Assert.Equal("kept", keyring.Lookup(("app", "gce-selftest")));
    }
}
