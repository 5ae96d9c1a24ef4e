namespace GitEntraHelper.Identity.Workload;

/// <summary>A token source whose tokens live in one stored cache partition (diagnose shows which).</summary>
internal interface ICachePartitioned
{
    string CachePartition { get; }
}
