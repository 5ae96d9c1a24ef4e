using GitEntraHelper.EndToEndTests.Infrastructure;

namespace GitEntraHelper.EndToEndTests.Workload;

/// <summary>The workload tests' own emulator (their grant counts must not mix with other tests').</summary>
public sealed class WorkloadEmulator : EmulatorFixture;

/// <summary>
/// Workload tests share one emulator and one unlocked keyring (the encrypted token cache) and run
/// one after another, so /reset-stats + grant counts are exact.
/// </summary>
[CollectionDefinition(Name)]
public sealed class WorkloadCollection : ICollectionFixture<WorkloadEmulator>, ICollectionFixture<SecretStoreFixture>
{
    public const string Name = "Workload";
}
