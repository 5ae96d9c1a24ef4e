using GitEntraHelper.Diagnostics;
using GitEntraHelper.Platform;
using GitEntraHelper.TokenCache;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace GitEntraHelper.Tests.TokenCache;

/// <summary>Linux's "os" protection: the Secret Service when it can be reached, the kernel keyring when nothing provides it, never a file.</summary>
// TokenCachePersistence builds this storage on Linux only (D-Bus reach, the kernel keyring).
[Trait(OsTraits.Name, OsTraits.Linux)]
public sealed class LinuxCacheStorageTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly ICacheStorage _secretService = Substitute.For<ICacheStorage>();
    private readonly ICacheStorage _kernel = Substitute.For<ICacheStorage>();
    private readonly List<string> _trace = [];

    public LinuxCacheStorageTests()
    {
        _secretService.Description.Returns("Secret Service");
        _kernel.Description.Returns("kernel keyring (memory only)");
        _kernel.Read().Returns([42]);
    }

    [Fact]
    public void With_no_session_bus_the_secret_service_is_never_called()
    {
        var storage = new LinuxCacheStorage(new SecretServiceReach("no D-Bus session bus"), _secretService, _kernel, _trace.Add);

        Assert.Equal([42], storage.Read());
        Assert.Equal("kernel keyring (memory only)", storage.Description);
        _ = _secretService.DidNotReceive().Read();
        Assert.Single(_trace, l => l.Contains("no Secret Service is reachable (no D-Bus session bus); keeping it in kernel memory instead", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("GDBus.Error:org.freedesktop.DBus.Error.ServiceUnknown: The name org.freedesktop.secrets was not provided by any .service files")]
    [InlineData("Cannot autolaunch D-Bus without X11 $DISPLAY")]
    public void A_bus_on_which_nothing_provides_the_service_is_learned_once_and_the_kernel_serves(string libsecret)
    {
        var reach = new SecretServiceReach(null);
        _secretService.Read().Throws(Failure(new InvalidOperationException($"domain:'7' code:'2' message:'{libsecret}'")));
        var storage = new LinuxCacheStorage(reach, _secretService, _kernel, _trace.Add);

        Assert.Equal([42], storage.Read());
        Assert.Equal([42], storage.Read());

        _ = _secretService.Received(1).Read();
        Assert.NotNull(reach.Absent);
    }

    [Fact]
    public void The_gdbus_service_unknown_code_is_recognised_whatever_language_the_message_is_in()
    {
        // As MSAL.Extensions wraps libsecret's GError (seen with a bus on which nothing owns org.freedesktop.secrets).
        var wrapped = new InvalidOperationException(
            "An error was encountered while reading secret from keyring in the Storage domain:'94' code:'2' message:'Le nom org.freedesktop.secrets n'a été fourni par aucun fichier .service' .Error code: 2");

        Assert.NotNull(SecretServiceReach.Unreachable(Failure(wrapped), () => 94));
        Assert.Null(SecretServiceReach.Unreachable(Failure(wrapped), () => 95)); // code 2 of another domain
    }

    [Fact]
    public void Libsecret_missing_means_the_kernel_keyring()
    {
        var reach = new SecretServiceReach(null);
        _secretService.Read().Throws(Failure(new DllNotFoundException("libsecret-1.so.0")));

        Assert.Equal([42], new LinuxCacheStorage(reach, _secretService, _kernel, _trace.Add).Read());
        Assert.Equal("libsecret is not installed", reach.Absent);
    }

    [Theory]
    [InlineData("Cannot create an item in a locked collection")]
    [InlineData("The operation was cancelled")]
    public void A_present_but_locked_or_refusing_secret_service_is_reported_never_bypassed(string libsecret)
    {
        var reach = new SecretServiceReach(null);
        HelperException locked = Failure(new InvalidOperationException($"message:'{libsecret}'"));
        _secretService.Read().Throws(locked);

        var e = Assert.Throws<HelperException>(() => new LinuxCacheStorage(reach, _secretService, _kernel, _trace.Add).Read());

        Assert.Same(locked, e);
        Assert.Null(reach.Absent);
        _ = _kernel.DidNotReceive().Read();
    }

    [Fact]
    public void The_environment_alone_says_when_there_is_no_session_bus()
    {
        string runtime = Path.Combine(_temp.Path, "run");
        Directory.CreateDirectory(runtime);
        string socket = Path.Combine(runtime, "bus");

        Assert.Contains("no D-Bus session bus", Reach(new()).Absent);
        Assert.Contains("no D-Bus session bus", Reach(new() { ["XDG_RUNTIME_DIR"] = runtime }).Absent);
        Assert.Contains("does not exist", Reach(new() { ["DBUS_SESSION_BUS_ADDRESS"] = $"unix:path={socket},guid=abc" }).Absent);
        Assert.Null(Reach(new() { ["DBUS_SESSION_BUS_ADDRESS"] = "unix:abstract=/tmp/dbus-x" }).Absent); // cannot tell: ask libsecret

        File.WriteAllText(socket, string.Empty);
        Assert.Null(Reach(new() { ["XDG_RUNTIME_DIR"] = runtime }).Absent);
        Assert.Null(Reach(new() { ["DBUS_SESSION_BUS_ADDRESS"] = $"unix:path={socket}" }).Absent);

        // A display lets GLib start a bus through dbus-launch, when that is installed.
        string bin = Path.Combine(_temp.Path, "bin");
        Directory.CreateDirectory(bin);
        Assert.Contains("no D-Bus session bus", Reach(new() { ["DISPLAY"] = ":0", ["PATH"] = bin }).Absent);
        File.WriteAllText(Path.Combine(bin, "dbus-launch"), string.Empty);
        Assert.Null(Reach(new() { ["DISPLAY"] = ":0", ["PATH"] = bin }).Absent);
    }

    private static SecretServiceReach Reach(DictionaryEnvironmentVariables environment) => SecretServiceReach.FromEnvironment(environment);

    /// <summary>What OsCacheStorage throws: the one line, with libsecret's error inside.</summary>
    private static HelperException Failure(Exception libsecret) => CacheMessages.StoreUnavailable("read", libsecret);

    public void Dispose() => _temp.Dispose();
}
