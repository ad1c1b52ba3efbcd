using Orleans.Concurrency;

namespace ObjectStore.Partitions;

/// <summary>What a user may do in a partition, asked by the grains that check access before they act.</summary>
[Alias("ObjectStore.IPartitionPermissions")]
public interface IPartitionPermissions : IGrainWithStringKey
{
    /// <summary>The caller's permissions. Interleaves: it reads only what is in memory, and other grains call it mid-write.</summary>
    [AlwaysInterleave]
    Task<Permission> GetPermissionsAsync(long caller);
}
