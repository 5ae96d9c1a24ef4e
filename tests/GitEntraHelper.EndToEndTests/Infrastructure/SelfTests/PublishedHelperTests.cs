namespace GitEntraHelper.EndToEndTests.Infrastructure.SelfTests;

/// <summary>The binary the end-to-end tests drive is the native AOT publish, not a managed build.</summary>
public sealed class PublishedHelperTests
{
    [Fact]
    public void IsANativeExecutable()
    {
        var path = PublishedHelper.Path;

        Assert.Equal("git-credential-entra", Path.GetFileName(path));
        var header = new byte[4];
        using (var file = File.OpenRead(path))
        {
            file.ReadExactly(header);
        }

        Assert.Equal(new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F' }, header);
        Assert.True(File.GetUnixFileMode(path).HasFlag(UnixFileMode.UserExecute));
        Assert.False(File.Exists(Path.ChangeExtension(path, ".dll")), "a managed git-credential-entra.dll sits beside it: not an AOT publish");
    }
}
