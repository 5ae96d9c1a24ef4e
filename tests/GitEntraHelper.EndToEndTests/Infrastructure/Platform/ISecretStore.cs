namespace GitEntraHelper.EndToEndTests.Infrastructure.Platform;

/// <summary>
/// The operating system's secret store as one test sees it: where the helper's default (<c>os</c>)
/// cache protection keeps tokens. Linux: gnome-keyring on a private D-Bus (<see cref="KeyringSession"/>);
/// macOS: the run's temporary keychain; Windows: DPAPI. Give it to a <see cref="GitSandbox"/>.
/// </summary>
public interface ISecretStore : IDisposable
{
    /// <summary>Variables a sandboxed process needs to reach this store; <see cref="GitSandbox"/> passes them on.</summary>
    IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>What and where the store is, for failure messages.</summary>
    string Description { get; }
}
