using GitEntraHelper.Settings.GitConfig;

namespace GitEntraHelper.Tests.Settings;

/// <summary>Paths as git's setup.c reads them on each OS (is_dir_sep, is_absolute_path, offset_1st_component).</summary>
public sealed class GitPathSyntaxTests
{
    private static readonly GitPathSyntax Unix = new(Windows: false), Windows = new(Windows: true);

    [Theory]
    [InlineData("/", 1)]
    [InlineData("/home/u", 1)]
    [InlineData("relative", null)]
    [InlineData("C:\\Users\\u", null)] // a file name on Unix
    public void Unix_walks_up_to_the_slash(string path, int? root) => Assert.Equal(root, Unix.RootLength(path));

    [Theory]
    [InlineData("C:\\", 3)]
    [InlineData("C:\\Users\\u", 3)]
    [InlineData("c:/Users/u", 3)]
    [InlineData("C:", null)] // the current directory of drive C:
    [InlineData("C:Users", null)]
    [InlineData("\\Users\\u", null)] // the current drive's
    [InlineData("\\\\server\\share\\repo", null)] // UNC: git decides
    [InlineData("\\\\?\\C:\\repo", null)]
    public void Windows_walks_up_to_the_drive_root_and_nowhere_else(string path, int? root) => Assert.Equal(root, Windows.RootLength(path));

    [Fact]
    public void Windows_separates_with_either_slash_Unix_with_one()
    {
        Assert.Equal(6, Windows.LastSeparator("C:\\a/b\\c"));
        Assert.Equal(4, Unix.LastSeparator("C:\\a/b\\c"));
        Assert.Equal("C:\\a\\.git", Windows.Join("C:\\a", ".git"));
        Assert.Equal("C:\\.git", Windows.Join("C:\\", ".git"));
        Assert.Equal("/.git", Unix.Join("/", ".git"));
        Assert.Equal("/a/.git", Unix.Join("/a", ".git"));
        Assert.Equal("C:\\", Windows.TrimEnd("C:\\\\", 3));
        Assert.Equal("C:\\a", Windows.TrimEnd("C:\\a\\/", 3));
        Assert.Equal("/", Unix.TrimEnd("/", 1));
        Assert.Equal("/a\\", Unix.TrimEnd("/a\\//", 1));
    }

    [Theory]
    [InlineData("/x", true, true)]
    [InlineData("\\x", true, true)]
    [InlineData("C:x", true, true)] // git's has_dos_drive_prefix
    [InlineData("x/y", true, false)]
    [InlineData("/x", false, true)]
    [InlineData("\\x", false, false)]
    [InlineData("C:/x", false, false)]
    public void Absolute_as_git_says_it(string path, bool windows, bool absolute) => Assert.Equal(absolute, new GitPathSyntax(windows).IsAbsolute(path));
}
