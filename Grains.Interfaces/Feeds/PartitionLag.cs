using ObjectStore.Objects;

namespace ObjectStore.Feeds;

/// <summary>How far a feed's cursor in one partition is behind that partition's log.</summary>
/// <param name="LastSequence">The partition log's last entry (0 when it is empty).</param>
/// <param name="AckedThrough">The feed's stored cursor: every entry up to it is acknowledged, filtered out or dead-lettered.</param>
[GenerateSerializer, Immutable, Alias("ObjectStore.PartitionLag")]
public sealed record PartitionLag(
    [property: Id(0)] Hash PartitionHash,
    [property: Id(1)] long LastSequence,
    [property: Id(2)] long AckedThrough)
{
    /// <summary>Log entries after the cursor: messages not yet done, and entries the selection's prefix has yet to filter out.</summary>
    public long Backlog => Math.Max(0, LastSequence - AckedThrough);
}
