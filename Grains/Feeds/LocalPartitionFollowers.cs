using System.Collections.Concurrent;
using ObjectStore.Objects;
using ObjectStore.Storage;

namespace ObjectStore.Feeds;

/// <summary>
/// The followers of the partitions whose grains are active in this silo. A partition's writes are published in the
/// silo of its grain, so the publisher finds the followers here without a message, and sends none for a partition
/// nobody follows. A partition grain opens its entry when it activates and closes it when it deactivates.
/// </summary>
public sealed class LocalPartitionFollowers(IFeedStorage storage)
{
    private readonly ConcurrentDictionary<Hash, PartitionFollowers> _active = new();

    /// <summary>
    /// Loads the feeds whose cursors follow <paramref name="partition"/> (none when it does not exist yet, since a feed
    /// selects only existing partitions) and makes them this silo's followers of it. Feeds that start following later
    /// tell the grain, which adds them.
    /// </summary>
    public async Task<PartitionFollowers> OpenAsync(Hash partition, bool exists, CancellationToken cancellationToken)
    {
        var feeds = exists ? await storage.ListFollowersAsync(partition, cancellationToken) : [];
        var followers = new PartitionFollowers(partition, feeds);
        _active[partition] = followers;
        return followers;
    }

    /// <summary>Forgets the followers an activation opened, unless a newer activation replaced them.</summary>
    public void Close(PartitionFollowers followers) => _active.TryRemove(new KeyValuePair<Hash, PartitionFollowers>(followers.Partition, followers));

    /// <summary>The followers of a partition whose grain is active in this silo; null when it is not.</summary>
    public PartitionFollowers? Find(Hash partition) => _active.GetValueOrDefault(partition);
}
