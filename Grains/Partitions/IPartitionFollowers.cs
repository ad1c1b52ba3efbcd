using ObjectStore.Feeds;
using ObjectStore.Objects;
using Orleans.Concurrency;

namespace ObjectStore.Partitions;

/// <summary>
/// The feeds that follow a partition, kept by its partition grain so that a commit reaches them with one message each,
/// and a commit to a partition nobody follows costs nothing. Every method interleaves: each touches only the set of
/// followers in memory, and none should wait behind the partition's writes.
/// </summary>
[Alias("ObjectStore.IPartitionFollowers")]
public interface IPartitionFollowers : IGrainWithStringKey
{
    /// <summary>Sends the partition's notices to <paramref name="feedHash"/> from now on; a feed calls it before it reads the log.</summary>
    [AlwaysInterleave]
    Task FollowAsync(Hash feedHash);

    /// <summary>Stops sending the partition's notices to <paramref name="feedHash"/>.</summary>
    [AlwaysInterleave]
    Task LeaveAsync(Hash feedHash);

    /// <summary>Passes on to the followers a notice of a commit made elsewhere (a transaction across partitions).</summary>
    [AlwaysInterleave, OneWay]
    Task ForwardAsync(PartitionLogNotice notice);
}
