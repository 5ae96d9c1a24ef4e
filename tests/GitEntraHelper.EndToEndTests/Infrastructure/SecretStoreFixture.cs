namespace GitEntraHelper.EndToEndTests.Infrastructure;

/// <summary>
/// One secret store of this OS (<see cref="TestPlatform.StartSecretStore"/>) shared by the tests of a
/// class or collection. Tests that look at or depend on the store's whole content start their own.
/// </summary>
public sealed class SecretStoreFixture : IDisposable
{
    public ISecretStore Store { get; } = TestPlatform.StartSecretStore();

    public void Dispose() => Store.Dispose();
}
