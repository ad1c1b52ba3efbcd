using ObjectStore.Errors;
using ObjectStore.Expiry;
using ObjectStore.Feeds;
using ObjectStore.Partitions;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Feeds;

/// <summary>
/// A feed upserted with a time to live (Allegro's <c>expiryTime</c>) is removed that long after its last fetch, as an SQS
/// queue's idle time works; one upserted with an expiry time keeps the idle expiry once fetched. A cluster of its own per
/// backend, because it moves the clock by days.
/// </summary>
[Kind(TestKind.Cluster)]
public sealed class FeedTimeToLiveTests
{
    private const long Owner = 89;
    private static readonly TimeSpan TimeToLive = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan IdleExpiry = TimeSpan.FromDays(7);

    [Fact, Backend(StorageProvider.Sqlite)]
    public Task A_feed_lives_its_time_to_live_after_its_last_fetch_and_an_expiry_time_keeps_the_idle_rule_on_sqlite() =>
        TimeToLiveCountsFromTheLastFetchAsync(StorageProvider.Sqlite);

    [Fact, Backend(StorageProvider.PostgreSql)]
    public Task A_feed_lives_its_time_to_live_after_its_last_fetch_and_an_expiry_time_keeps_the_idle_rule_on_postgresql() =>
        TimeToLiveCountsFromTheLastFetchAsync(StorageProvider.PostgreSql);

    private static async Task TimeToLiveCountsFromTheLastFetchAsync(StorageProvider provider)
    {
        await using var store = await StoreCluster.StartAsync(provider);
        var client = store.Client;
        var partition = await client.UpsertPartitionAsync(Owner, "time-to-live");
        var selections = new[] { new PartitionSelection(partition.PartitionHash) };
        var start = store.Clock.GetUtcNow();
        var living = await client.UpsertFeedAsync(Owner, new UpsertFeedRequest(new PartitionId("sixty-seconds", Owner), selections, TimeToLive: TimeToLive));
        var absolute = await client.UpsertFeedAsync(Owner, new UpsertFeedRequest(new PartitionId("absolute", Owner), selections, ExpiryTime: start.AddSeconds(90)));
        var purge = store.Cluster.GrainFactory.GetGrain<IExpiryGrain>(0);

        store.Clock.Advance(TimeSpan.FromSeconds(50));
        await client.FetchAsync(Owner, living.FeedHash, new FeedRequest());
        await client.FetchAsync(Owner, absolute.FeedHash, new FeedRequest());
        store.Clock.Advance(TimeSpan.FromSeconds(5)); // A fetch soon after another need not store its expiry; it still counts.
        await client.FetchAsync(Owner, living.FeedHash, new FeedRequest());
        var lastFetch = store.Clock.GetUtcNow();

        await PurgeAtAsync(store, purge, lastFetch + TimeToLive - TimeSpan.FromMilliseconds(1));
        Assert.Equal(living.FeedHash, (await client.GetFeedAsync(Owner, living.FeedHash)).FeedHash);

        await PurgeAtAsync(store, purge, lastFetch + TimeToLive + TimeToLive / 10);
        await Assert.ThrowsAsync<NotFoundException>(() => client.GetFeedAsync(Owner, living.FeedHash));
        Assert.Equal(absolute.FeedHash, (await client.GetFeedAsync(Owner, absolute.FeedHash)).FeedHash); // Past its 90 s: the fetch extended it.

        var absoluteFetch = start.AddSeconds(50);
        await PurgeAtAsync(store, purge, absoluteFetch + IdleExpiry - TimeSpan.FromMilliseconds(1));
        Assert.Equal(absolute.FeedHash, (await client.GetFeedAsync(Owner, absolute.FeedHash)).FeedHash);

        await PurgeAtAsync(store, purge, absoluteFetch + IdleExpiry + TimeSpan.FromMinutes(1));
        await Assert.ThrowsAsync<NotFoundException>(() => client.GetFeedAsync(Owner, absolute.FeedHash));
    }

    private static async Task PurgeAtAsync(StoreCluster store, IExpiryGrain purge, DateTimeOffset at)
    {
        store.Clock.SetUtcNow(at);
        await purge.RemoveExpiredAsync();
    }
}
