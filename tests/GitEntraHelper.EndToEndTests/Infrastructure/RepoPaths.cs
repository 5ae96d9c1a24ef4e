namespace GitEntraHelper.EndToEndTests.Infrastructure;

/// <summary>Where the repository is, found from the test assembly by walking up to the solution file.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The directory holding GitEntraHelper.sln.</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>The repository's artifacts/ directory (git-ignored).</summary>
    public static string Artifacts => Path.Combine(Root, "artifacts");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GitEntraHelper.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException(
            $"GitEntraHelper.sln not found above {AppContext.BaseDirectory}; run the tests from a clone of the repository.");
    }
}
