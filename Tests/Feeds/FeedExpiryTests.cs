using ObjectStore.Errors;
using ObjectStore.Feeds;
using ObjectStore.Partitions;
using ObjectStore.Expiry;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Feeds;

/// <summary>A feed nobody reads goes away; reading it keeps it. A cluster of its own, because it moves the clock by days.</summary>
[Kind(TestKind.Cluster), Backend(StorageProvider.Sqlite)]
public sealed class FeedExpiryTests
{
    private const long Owner = 88;

    [Fact]
    public async Task A_feed_nobody_fetches_from_expires_and_one_that_is_read_stays()
    {
        await using var store = await StoreCluster.StartAsync(StorageProvider.Sqlite);
        var partition = await store.Client.UpsertPartitionAsync(Owner, "expiring");
        var selections = new[] { new PartitionSelection(partition.PartitionHash) };
        var read = await store.Client.UpsertFeedAsync(Owner, "read", selections);
        var forgotten = await store.Client.UpsertFeedAsync(Owner, "forgotten", selections);
        var shortLived = await store.Client.UpsertFeedAsync(Owner,
            new UpsertFeedRequest(new PartitionId("short-lived", Owner), selections, ExpiryTime: store.Clock.GetUtcNow().AddHours(1)));
        var purge = store.Cluster.GrainFactory.GetGrain<IExpiryGrain>(0);

        store.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(1, (await purge.RemoveExpiredAsync()).FeedsExpired);
        await Assert.ThrowsAsync<NotFoundException>(() => store.Client.GetFeedAsync(Owner, shortLived.FeedHash));

        store.Clock.Advance(TimeSpan.FromDays(6));
        await store.Client.FetchAsync(Owner, read.FeedHash, new FeedRequest());
        store.Clock.Advance(TimeSpan.FromDays(2));
        var report = await purge.RemoveExpiredAsync();

        Assert.Equal(1, report.FeedsExpired);
        await Assert.ThrowsAsync<NotFoundException>(() => store.Client.FetchAsync(Owner, forgotten.FeedHash, new FeedRequest()));
        var kept = await store.Client.GetFeedAsync(Owner, read.FeedHash);
        Assert.True(kept.ExpiryTime > store.Clock.GetUtcNow(), $"expires at {kept.ExpiryTime:O}");
    }
}
