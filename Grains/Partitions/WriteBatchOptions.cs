namespace ObjectStore.Partitions;

/// <summary>
/// How a partition grain groups the writes that queue while a commit is in flight into its next batch, and how the
/// silo's <see cref="SiloCommitter"/> groups the batches of several partitions into one database transaction (section
/// <c>ObjectStore:Writes</c>); checked by <see cref="WriteBatchOptionsValidator"/>.
/// </summary>
public sealed class WriteBatchOptions
{
    public const string SectionName = "ObjectStore:Writes";

    /// <summary>The most objects in one partition's batch, and in one database transaction (a larger unit goes alone).</summary>
    public int MaxBatchWrites { get; set; } = 256;

    /// <summary>The most canonical bytes in one partition's batch, and in one database transaction (a larger unit goes alone).</summary>
    public long MaxBatchBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// The longest a batch waits, after one of several writes has committed, for as many writes to queue again before it
    /// goes (see <see cref="GroupCommit{T}"/>); zero sends each batch as soon as the last has committed.
    /// </summary>
    public TimeSpan GatherDelay { get; set; } = TimeSpan.FromMilliseconds(5);
}
