namespace GitEntraHelper.EndToEndTests.Infrastructure;

/// <summary>
/// One unlocked keyring shared by the tests of a class (<c>IClassFixture&lt;KeyringFixture&gt;</c>).
/// Tests that look at or depend on the keyring's whole content should start their own session.
/// </summary>
public sealed class KeyringFixture : IDisposable
{
    public KeyringSession Session { get; } = KeyringSession.Start();

    public void Dispose() => Session.Dispose();
}
