using ObjectStore.Objects;

namespace ObjectStore.Sequences;

/// <summary>
/// The absolute and current views of a partition's or a thread's objects (a stateless reader; key 0). A partition needs
/// READ; a thread answers the objects of the partitions the caller may read and nothing of the others. It also lists those
/// partitions, for a reader that walks all it may read (a whole-store export).
/// </summary>
[Alias("ObjectStore.ISequenceGrain")]
public interface ISequenceGrain : IGrainWithIntegerKey
{
    Task<Page<StoredObject>> PagePartitionAsync(long caller, Hash partitionHash, SequenceView view, SequenceQuery query);

    Task<Page<StoredObject>> PageThreadAsync(long caller, string threadId, SequenceView view, SequenceQuery query);

    /// <summary>The partitions the caller owns or holds READ on, in hash order.</summary>
    Task<Page<ReadablePartition>> PageReadablePartitionsAsync(long caller, PartitionListQuery query);
}
