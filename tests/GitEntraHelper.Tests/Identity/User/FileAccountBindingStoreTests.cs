using GitEntraHelper.Diagnostics;
using GitEntraHelper.Identity.User;

namespace GitEntraHelper.Tests.Identity.User;

public sealed class FileAccountBindingStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bindings-test").FullName;

    private string FilePath => Path.Combine(_dir, "state", "accounts.json");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Round_trips_lists_and_removes_case_insensitively()
    {
        var store = new FileAccountBindingStore(FilePath, HelperTrace.Disabled);
        await store.SaveAsync(new AccountBinding("Contoso", "alice@contoso.com", "oid.tid", "tid"), default);
        await store.SaveAsync(new AccountBinding("fabrikam", "bob@contoso.com", Implicit: true, PendingClaims: "{}"), default);

        var fresh = new FileAccountBindingStore(FilePath, HelperTrace.Disabled);
        Assert.Equal(new AccountBinding("contoso", "alice@contoso.com", "oid.tid", "tid"), await fresh.GetAsync("CONTOSO", default));
        Assert.Equal(["contoso", "fabrikam"], (await fresh.ListAsync(default)).Select(b => b.Organization));
        Assert.True(await fresh.RemoveAsync("Fabrikam", default));
        Assert.False(await fresh.RemoveAsync("fabrikam", default));
        Assert.Null(await new FileAccountBindingStore(FilePath, HelperTrace.Disabled).GetAsync("fabrikam", default));
    }

    [Fact]
    public async Task Missing_file_is_no_bindings_and_reading_creates_nothing()
    {
        var store = new FileAccountBindingStore(FilePath, HelperTrace.Disabled);

        Assert.Empty(await store.ListAsync(default));
        Assert.False(Directory.Exists(Path.GetDirectoryName(FilePath)));
    }

    [Fact]
    public async Task File_is_private()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        await new FileAccountBindingStore(FilePath, HelperTrace.Disabled).SaveAsync(new AccountBinding("contoso", "a@b"), default);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(FilePath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(FilePath)!));
    }

    [Fact]
    public async Task A_damaged_file_is_traced_and_replaced_not_fatal()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        await File.WriteAllTextAsync(FilePath, "{\"organizations\": [ {\"organization\": ");
        var trace = new StringWriter();
        var store = new FileAccountBindingStore(FilePath, HelperTrace.To(trace));

        Assert.Empty(await store.ListAsync(default));
        await store.SaveAsync(new AccountBinding("contoso", "a@b"), default);

        Assert.Contains("unreadable", trace.ToString());
        Assert.NotNull(await new FileAccountBindingStore(FilePath, HelperTrace.Disabled).GetAsync("contoso", default));
    }

    [Fact]
    public async Task A_file_with_invalid_UTF_8_is_damaged_not_fatal() // found by fuzz/ account-bindings
    {
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        await File.WriteAllBytesAsync(FilePath, [.. "{\"organizations\": [{\"organization\": \"o"u8, 0x8E, .. "o\", \"username\": \"alice\"}]}"u8]);

        Assert.Empty(await new FileAccountBindingStore(FilePath, HelperTrace.Disabled).ListAsync(default));
    }

    [Fact]
    public async Task Concurrent_writers_of_different_organizations_keep_both()
    {
        var first = new FileAccountBindingStore(FilePath, HelperTrace.Disabled);
        var second = new FileAccountBindingStore(FilePath, HelperTrace.Disabled);
        Assert.Empty(await first.ListAsync(default));
        Assert.Empty(await second.ListAsync(default));

        await first.SaveAsync(new AccountBinding("contoso", "a@b"), default);
        await second.SaveAsync(new AccountBinding("fabrikam", "c@d"), default);

        Assert.Equal(2, (await new FileAccountBindingStore(FilePath, HelperTrace.Disabled).ListAsync(default)).Count);
    }
}
