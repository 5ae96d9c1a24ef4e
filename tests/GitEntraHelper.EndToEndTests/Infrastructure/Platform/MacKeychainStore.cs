namespace GitEntraHelper.EndToEndTests.Infrastructure.Platform;

/// <summary>
/// macOS: the temporary keychain the workflow's macOS job makes for the run (<c>security
/// create-keychain</c>, unlocked, first in the user's search list and the default), named by
/// GIT_ENTRA_TEST_KEYCHAIN; the login keychain is never written. The helper (MSAL.Extensions'
/// Keychain storage) writes to the default keychain, which this checks is that one.
/// </summary>
public sealed class MacKeychainStore : ISecretStore
{
    public const string Variable = "GIT_ENTRA_TEST_KEYCHAIN";

    private MacKeychainStore(string keychain) => Keychain = keychain;

    public string Keychain { get; }

    public IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string>();

    public string Description => $"the temporary keychain {Keychain}";

    public static MacKeychainStore OfThisRun()
    {
        string? keychain = System.Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(keychain) || !File.Exists(keychain))
        {
            throw new InvalidOperationException(
                $"{Variable} does not name a keychain: the macOS end-to-end run makes one with `security create-keychain` "
                + "and makes it the default (.github/workflows/build.yml, job e2e-macos), so the login keychain stays untouched.");
        }

        var result = ProcessRunner.RunAsync("security", ["default-keychain", "-d", "user"], null, null, null, TimeSpan.FromSeconds(30))
            .GetAwaiter().GetResult().EnsureSuccess();
        if (!result.StdOut.Contains(Path.GetFileName(keychain), StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"the default keychain is {result.StdOut.Trim()}, not {keychain}: refusing to let tests write to it.");
        }

        return new MacKeychainStore(keychain);
    }

    public void Dispose()
    {
        // The keychain belongs to the run; the job deletes it at the end.
    }
}
