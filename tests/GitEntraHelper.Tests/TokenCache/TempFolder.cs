namespace GitEntraHelper.Tests.TokenCache;

/// <summary>A private temporary folder per test, removed on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => Path = Directory.CreateTempSubdirectory("gce-cache-").FullName;

    public string Path { get; }

    /// <summary>The cache folder inside (not created: the code under test creates it).</summary>
    public string State => System.IO.Path.Combine(Path, "state", "git-credential-entra");

    /// <summary>The token cache folder the settings derive from <see cref="State"/>.</summary>
    public string Cache => System.IO.Path.Combine(State, "token-cache");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
