namespace GitEntraHelper.EndToEndTests.Infrastructure.Platform;

/// <summary>
/// Windows: DPAPI needs nothing started; it encrypts for the user running the test, and the helper
/// keeps the encrypted file under the sandbox's LOCALAPPDATA (<see cref="GitSandbox"/> points it there).
/// </summary>
public sealed class WindowsDpapiStore : ISecretStore
{
    public IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string>();

    public string Description => "DPAPI for the current user (the file is in the sandbox's LOCALAPPDATA)";

    public void Dispose()
    {
    }
}
