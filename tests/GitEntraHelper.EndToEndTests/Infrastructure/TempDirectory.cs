namespace GitEntraHelper.EndToEndTests.Infrastructure;

/// <summary>
/// A private (0700) directory under /tmp, deleted on dispose unless GIT_ENTRA_TEST_KEEP=1 (for
/// looking at what a failing test left). Short paths: Unix socket paths must stay under 108 bytes.
/// </summary>
public sealed class TempDirectory : IDisposable
{
    private TempDirectory(string path) => Path = path;

    public string Path { get; }

    public static TempDirectory Create(string prefix) =>
        new(Directory.CreateTempSubdirectory(prefix + "-").FullName);

    public void Dispose()
    {
        if (System.Environment.GetEnvironmentVariable("GIT_ENTRA_TEST_KEEP") == "1")
        {
            return;
        }

        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A process we could not stop still writes there; /tmp is cleaned eventually.
        }
        catch (UnauthorizedAccessException)
        {
            // A test made something unwritable on purpose; leave it.
        }
    }
}
