namespace GitEntraHelper.EndToEndTests.Infrastructure.SelfTests;

/// <summary>The binary the end-to-end tests drive is the native AOT publish, not a managed build.</summary>
public sealed class PublishedHelperTests
{
    [OsFact(TestOs.All)]
    public void IsANativeExecutable()
    {
        var path = PublishedHelper.Path;

        Assert.Equal(TestPlatform.HelperFileName, Path.GetFileName(path));
        var header = new byte[4];
        using (var file = File.OpenRead(path))
        {
            file.ReadExactly(header);
        }

        // ELF on Linux, PE ("MZ") on Windows, Mach-O (0xFEEDFACF, little-endian) on macOS.
        byte[] expected = TestPlatform.Os switch
        {
            TestOs.Windows => [(byte)'M', (byte)'Z', header[2], header[3]],
            TestOs.MacOS => [0xCF, 0xFA, 0xED, 0xFE],
            _ => [0x7F, (byte)'E', (byte)'L', (byte)'F'],
        };
        Assert.Equal(expected, header);
        if (!OperatingSystem.IsWindows())
        {
            Assert.True(File.GetUnixFileMode(path).HasFlag(UnixFileMode.UserExecute));
        }

        Assert.False(File.Exists(Path.ChangeExtension(path, ".dll")), "a managed git-credential-entra.dll sits beside it: not an AOT publish");
    }
}
