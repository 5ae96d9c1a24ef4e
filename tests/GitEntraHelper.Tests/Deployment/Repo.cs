namespace GitEntraHelper.Tests.Deployment;

/// <summary>The repository root, found by walking up from the test assembly to the solution file.</summary>
internal static class Repo
{
    private static readonly Lazy<string> LazyRoot = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GitEntraHelper.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"GitEntraHelper.sln not found above {AppContext.BaseDirectory}");
    });

    public static string Root => LazyRoot.Value;

    public static string Read(params string[] relative) => File.ReadAllText(Path.Combine([Root, .. relative]));
}
