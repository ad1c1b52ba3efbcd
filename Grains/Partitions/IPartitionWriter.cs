using ObjectStore.Objects;
using Orleans.Concurrency;

namespace ObjectStore.Partitions;

/// <summary>
/// The silo-side face of <see cref="IPartitionGrain"/>: writes that take hashes the store computes, so it lives here
/// rather than in the contracts that clients see. Out of sight is not out of reach (a client that knows the interface
/// can call it), so it checks what it is handed as if it came from anyone.
/// </summary>
[Alias("ObjectStore.IPartitionWriter")]
public interface IPartitionWriter : IGrainWithStringKey
{
    Task<Partition> UpsertAsync(long caller, PartitionId id, IReadOnlyList<UserPermissions> changes);

    /// <summary>
    /// Commits writes that are all in this partition, together or not at all, in order. Each write is parsed again from
    /// its canonical bytes and refused unless it is exactly what they say, since any Orleans client can make this call.
    /// It interleaves with every other call, so that writes keep arriving (and queue for the next batch) while a batch
    /// commits; the queue, not the grain's turn, orders them, and the partition's row lock serializes the batches with
    /// every other writer.
    /// </summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<StoreResult>> CommitAsync(long caller, IReadOnlyList<PreparedWrite> writes);

    /// <summary>Removes the series that are past their purge date; returns how many were.</summary>
    Task<int> PurgeAsync(IReadOnlyList<Hash> baseHashes);
}
