using ObjectStore.Objects;

namespace ObjectStore.Partitions;

/// <summary>
/// The silo-side face of <see cref="IPartitionGrain"/>: writes that take hashes the store computed itself, so
/// it lives here rather than in the contracts that clients see.
/// </summary>
[Alias("ObjectStore.IPartitionWriter")]
public interface IPartitionWriter : IGrainWithStringKey
{
    Task<Partition> UpsertAsync(long caller, PartitionId id, IReadOnlyList<UserPermissions> changes);

    /// <summary>Commits writes that are all in this partition, one transaction, in order.</summary>
    Task<IReadOnlyList<StoreResult>> CommitAsync(long caller, IReadOnlyList<PreparedWrite> writes);

    /// <summary>Removes the series that are past their purge date; returns how many were.</summary>
    Task<int> PurgeAsync(IReadOnlyList<Hash> baseHashes);
}
