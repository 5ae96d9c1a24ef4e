namespace GitEntraHelper.EndToEndTests.TokenCache;

/// <summary>
/// The tests that start many helper processes (16 concurrent fetches, 100 killed writers) run one
/// after the other, so on a small machine they do not starve each other into time-outs.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ManyProcessesCollection
{
    public const string Name = "TokenCache many processes";
}
