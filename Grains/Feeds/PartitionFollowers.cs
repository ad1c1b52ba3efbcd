using System.Collections.Immutable;
using ObjectStore.Objects;

namespace ObjectStore.Feeds;

/// <summary>
/// The feeds that follow one partition, as its partition grain holds them, and how a notice reaches them: one one-way
/// message per feed. The grain changes the set; the silo's publisher reads it from any thread (a transaction across
/// partitions publishes outside the grain), so the set is immutable and replaced whole.
/// </summary>
public sealed class PartitionFollowers(Hash partition, IEnumerable<Hash> feeds)
{
    private ImmutableHashSet<Hash> _feeds = [.. feeds];

    public Hash Partition => partition;

    public IReadOnlySet<Hash> Feeds => Volatile.Read(ref _feeds);

    public void Add(Hash feed) => ImmutableInterlocked.Update(ref _feeds, feeds => feeds.Add(feed));

    public void Remove(Hash feed) => ImmutableInterlocked.Update(ref _feeds, feeds => feeds.Remove(feed));

    /// <summary>Sends <paramref name="notice"/> to every follower; nothing at all when none follows.</summary>
    public Task NotifyAsync(IGrainFactory grains, PartitionLogNotice notice) =>
        Task.WhenAll(Feeds.Select(feed => grains.GetGrain<IPartitionLogListener>(feed.Value).OnLogAppendedAsync(notice)));
}
