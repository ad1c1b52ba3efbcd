namespace ObjectStore.Partitions;

/// <summary>
/// How a partition grain groups the writes that queue while a commit is in flight into its next database transaction
/// (section <c>ObjectStore:Writes</c>); checked by <see cref="WriteBatchOptionsValidator"/>.
/// </summary>
public sealed class WriteBatchOptions
{
    public const string SectionName = "ObjectStore:Writes";

    /// <summary>The most objects one transaction commits for a partition (a transaction larger than this goes alone).</summary>
    public int MaxBatchWrites { get; set; } = 256;

    /// <summary>The most canonical bytes one transaction commits for a partition (an object larger than this goes alone).</summary>
    public long MaxBatchBytes { get; set; } = 4 * 1024 * 1024;
}
