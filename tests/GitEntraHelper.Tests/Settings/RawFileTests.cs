using GitEntraHelper.Platform;

namespace GitEntraHelper.Tests.Settings;

public sealed class RawFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gce-raw-").FullName;

    [Fact]
    public void Reads_whole_files_of_any_size_up_to_the_limit()
    {
        string small = Path.Combine(_dir, "small"), large = Path.Combine(_dir, "large"), empty = Path.Combine(_dir, "empty");
        File.WriteAllText(small, "[credential]\n\thelper = entra\n");
        byte[] bytes = Enumerable.Range(0, 40_000).Select(i => (byte)i).ToArray(); // more than one 16 KiB read
        File.WriteAllBytes(large, bytes);
        File.WriteAllBytes(empty, []);

        Assert.Equal(File.ReadAllBytes(small), RawFile.ReadAll(small, 1024));
        Assert.Equal(bytes, RawFile.ReadAll(large, 1_000_000));
        Assert.Empty(RawFile.ReadAll(empty, 10)!);
        Assert.Null(RawFile.ReadAll(large, 39_999)); // over the limit: null, not a truncated file
    }

    [Fact]
    public void A_missing_file_is_an_IOException()
    {
        Assert.ThrowsAny<IOException>(() => RawFile.ReadAll(Path.Combine(_dir, "missing"), 10));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
