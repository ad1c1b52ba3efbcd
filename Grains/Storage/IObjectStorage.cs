using ObjectStore.Objects;
using ObjectStore.Partitions;

namespace ObjectStore.Storage;

/// <summary>
/// The store's database, the truth behind the grains. Every method that writes is one database transaction,
/// and the database itself enforces the invariants (one current object per sort key, the optimistic version
/// check, a gap-free log), so they hold even if two grain activations ever write at once.
/// </summary>
public interface IObjectStorage
{
    Task<PartitionRecord?> GetPartitionAsync(Hash partitionHash, CancellationToken cancellationToken);

    /// <summary>Creates the partition if it is new, then applies the permission changes (no permissions removes the user).</summary>
    Task UpsertPartitionAsync(PartitionRecord partition, IReadOnlyList<UserPermissions> changes, CancellationToken cancellationToken);

    /// <summary>
    /// Commits the writes, in any partitions, as one transaction. Throws <see cref="Errors.VersionConflictException"/>,
    /// <see cref="Errors.DuplicateSortKeyException"/>, <see cref="Errors.NotFoundException"/> or
    /// <see cref="Errors.InvalidInputException"/> and changes nothing when any write cannot commit. Given a
    /// <paramref name="writer"/>, it also checks under the partitions' locks that this user may write to every one
    /// (<see cref="Errors.ForbiddenException"/>): for callers that do not hold the partitions' permissions themselves.
    /// </summary>
    Task<IReadOnlyList<StoreResult>> CommitAsync(IReadOnlyList<PreparedWrite> writes, long? writer, CancellationToken cancellationToken);

    /// <summary>
    /// Commits a batch of units in one transaction: each unit (a write, or writes that commit together or not at all)
    /// is checked against what the units before it left and fails alone with its own error, changing nothing, while the
    /// rest commit. Units may be in any partitions; their log entries are contiguous and in the units' order. Throws
    /// only when the database fails, and then nothing of the batch is committed (unless the failure hid the commit's
    /// answer: the database's own ambiguity, as for any single write).
    /// </summary>
    Task<IReadOnlyList<UnitOutcome>> CommitBatchAsync(IReadOnlyList<IReadOnlyList<PreparedWrite>> units, long? writer, CancellationToken cancellationToken);

    Task<StoredObject?> GetObjectAsync(Hash absoluteHash, CancellationToken cancellationToken);

    /// <summary>The current version of a series, tombstones included; null when the series does not exist.</summary>
    Task<StoredObject?> GetCurrentAsync(Hash baseHash, CancellationToken cancellationToken);

    Task<IReadOnlyList<StoredObject>> PageVersionsAsync(Hash baseHash, long? afterSequence, bool forwards, int limit, CancellationToken cancellationToken);

    Task<IReadOnlyList<StoredObject>> PageCurrentAsync(Hash partitionHash, SortKeyRange range, bool forwards, int limit, CancellationToken cancellationToken);

    Task<StoredObject?> GetBySortKeyAsync(Hash partitionHash, string sortKey, CancellationToken cancellationToken);

    /// <summary>The partition's next log sequence number: past every commit the database holds (1 for an empty log).</summary>
    Task<long> GetNextSequenceAsync(Hash partitionHash, CancellationToken cancellationToken);

    Task<IReadOnlyList<LogEntry>> PageLogAsync(Hash partitionHash, long? afterSequence, bool forwards, int limit, CancellationToken cancellationToken);

    /// <summary>Series whose current version's purge date is at or before <paramref name="now"/>.</summary>
    Task<IReadOnlyList<ExpiredSeries>> FindExpiredAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Removes every version of the series that are still expired at <paramref name="now"/>, logging each removal in
    /// its partition's log as a physical delete; returns those log entries.
    /// </summary>
    Task<IReadOnlyList<LogEntry>> PurgeAsync(Hash partitionHash, IReadOnlyList<Hash> baseHashes, DateTimeOffset now, CancellationToken cancellationToken);
}
