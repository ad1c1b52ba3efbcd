using ObjectStore.Objects;
using ObjectStore.Sequences;

namespace ObjectStore.Storage;

/// <summary>
/// Ordered reads for sequences, on the sort columns the writes keep (createdDate keys, thread ids, firehose positions).
/// Permissions are the callers' to check, except a thread's, which spans partitions without limit and is filtered in SQL.
/// </summary>
public interface ISequenceStorage
{
    /// <summary>A partition's log in commit order, bounded by the entries' createdDate.</summary>
    Task<IReadOnlyList<LogEntry>> PageLogAsync(Hash partitionHash, SequenceBounds bounds, long? exclusiveFrom, bool forwards, int limit, CancellationToken cancellationToken);

    /// <summary>A view of a partition's objects, from <paramref name="exclusiveFrom"/> on in the scan direction.</summary>
    Task<IReadOnlyList<SequenceItem>> PagePartitionAsync(
        Hash partitionHash, SequenceView view, SequenceBounds bounds, ViewPosition? exclusiveFrom, bool forwards, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// A view of the thread's objects in the partitions <paramref name="reader"/> may read (owner, or READ granted), from
    /// <paramref name="exclusiveFrom"/> on in the scan direction; the permission is checked here, in the same statement.
    /// </summary>
    Task<IReadOnlyList<SequenceItem>> PageThreadAsync(
        string threadId, long reader, SequenceView view, SequenceBounds bounds, ViewPosition? exclusiveFrom, bool forwards, int limit,
        CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="limit"/> partitions after <paramref name="after"/> in hash order that <paramref name="user"/>
    /// owns or holds READ on, each with what the user may do there.
    /// </summary>
    Task<IReadOnlyList<ReadablePartition>> PageReadablePartitionsAsync(long user, Hash? after, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Commits of the whole store after <paramref name="after"/> in firehose order, only those of transactions older than
    /// every transaction still in flight: a commit that becomes visible later always sorts after what was read before it.
    /// </summary>
    Task<IReadOnlyList<FirehoseEntry>> PageFirehoseAsync(FirehosePosition? after, int limit, CancellationToken cancellationToken);
}
