using GitEntraHelper.Diagnostics;
using GitEntraHelper.TokenCache;

namespace GitEntraHelper.Tests.TokenCache;

/// <summary>
/// Without a reachable Secret Service and without opt-in: one clear line, and no file appears.
/// (Working keyrings are proven end to end against a real gnome-keyring.)
/// </summary>
[Collection(nameof(ProcessEnvironmentCollection))]
public sealed class OsCacheStorageTests : IDisposable
{
    private readonly TempFolder _temp = new();

    [Fact]
    public void No_session_bus_means_one_line_that_says_how_to_fix_or_opt_in()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var saved = Environment.GetEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS");
        var savedDisplay = Environment.GetEnvironmentVariable("DISPLAY");
        Environment.SetEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS", "unix:path=" + Path.Combine(_temp.Path, "no-bus"));
        Environment.SetEnvironmentVariable("DISPLAY", null);
        try
        {
            var storage = new OsCacheStorage(_temp.Cache, TokenCachePartitions.User);
            var e = Assert.Throws<HelperException>(() => storage.Read());

            Assert.DoesNotContain('\n', e.MessageWithHints);
            Assert.Contains("GIT_ENTRA_CACHE_PROTECTION=plaintext", e.MessageWithHints);
            Assert.True(
                e.Message.Contains("libsecret is not installed", StringComparison.Ordinal)
                || e.MessageWithHints.Contains("unlock a keyring", StringComparison.Ordinal),
                e.MessageWithHints);
            Assert.False(Directory.Exists(_temp.Cache) && Directory.EnumerateFiles(_temp.Cache, "*.json").Any());
        }
        finally
        {
            Environment.SetEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS", saved);
            Environment.SetEnvironmentVariable("DISPLAY", savedDisplay);
        }
    }

    [Fact]
    public void The_reason_is_cut_out_of_libsecret_s_wrapped_message()
    {
        var wrapped = new InvalidOperationException(
            "An error was encountered while reading secret from keyring in the Storage domain:'7' code:'2' message:'Could not connect: No such file or directory'");
        Assert.Equal("Could not connect: No such file or directory", CacheMessages.Reason(wrapped));
    }

    [Fact]
    public void The_reason_is_found_under_msal_extensions_wrappers()
    {
        // The shape MSAL.Extensions produces for a locked collection (seen with gnome-keyring).
        var gerror = new InvalidOperationException(
            "An error was encountered while saving secret to keyring in the Storage domain:'91' code:'2' message:'Cannot create an item in a locked collection' .Error code: 2");
        var wrapper = new InvalidOperationException(
            "An exception was encountered while processing libsecret error information during saving in the Storage. Error code: 0", gerror);
        var outer = new InvalidOperationException("Persistence check failed. Reason: " + wrapper.Message, wrapper);

        Assert.Equal("Cannot create an item in a locked collection", CacheMessages.Reason(outer));
        Assert.Contains("Cannot create an item in a locked collection", CacheMessages.StoreUnavailable("use", outer).Message);
        Assert.Contains("InvalidOperationException: Persistence check failed", CacheMessages.Chain(outer));
    }

    public void Dispose() => _temp.Dispose();
}

[CollectionDefinition(nameof(ProcessEnvironmentCollection), DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection;
