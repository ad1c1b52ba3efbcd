using ObjectStore.Feeds;
using ObjectStore.Objects;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Feeds;

/// <summary>
/// The fast path from a commit to its feeds: the partition's grain pushes each commit to the feeds that follow the
/// partition, and to no other. The cluster's feeds never catch up by themselves (an hour apart), so what arrives came by
/// a notice; on the silo's fake clock a long poll ends only when a message arrives.
/// </summary>
[Kind(TestKind.Cluster), Backend(StorageProvider.Sqlite)]
public sealed class FeedNoticeTests(FeedNoticeTests.NoCatchUpCluster fixture) : FeedTestBase(fixture), IClassFixture<FeedNoticeTests.NoCatchUpCluster>
{
    /// <summary>How long a test waits for what a notice brings before it fails; no notice comes later than that.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task A_commit_reaches_a_waiting_long_poll_by_its_notice()
    {
        var partition = await NewPartitionAsync();
        var feed = await NewFeedAsync(partition);

        var polling = FetchAsync(feed, waitSeconds: 20);
        var created = await CreateAsync(partition, "pushed");

        var delivered = await polling.WaitAsync(Patience);
        Assert.Equal([created.AbsoluteHash], PayloadHashes(delivered));
        // The notice says when the commit was durable, on the store's clock (which these tests hold still): a consumer
        // measures the feed's delivery latency from it.
        Assert.Equal(Store.Clock.GetUtcNow(), delivered[0].CommittedAt);
    }

    [Fact]
    public async Task A_transaction_across_partitions_reaches_the_feeds_of_each()
    {
        var first = await NewPartitionAsync();
        var second = await NewPartitionAsync();
        var feed = await NewFeedAsync(second);

        var polling = FetchAsync(feed, waitSeconds: 20);
        var stored = await Client.StoreTransactionAsync(Owner, [Draft(first, "one").ToJson(null), Draft(second, "two").ToJson(null)]);

        Assert.Equal([stored[1].Object.AbsoluteHash], PayloadHashes(await polling.WaitAsync(Patience)));
    }

    [Fact]
    public async Task Commits_to_a_partition_no_feed_follows_wake_no_feed()
    {
        var abandoned = await NewPartitionAsync();
        var followed = await NewPartitionAsync();
        var gone = await NewFeedAsync(abandoned);
        var watcher = await NewFeedAsync(followed);
        await Client.DeleteFeedAsync(Owner, gone.FeedHash);
        await WaitUntilInactiveAsync(gone.FeedHash);

        for (var i = 0; i < 5; i++)
        {
            await CreateAsync(abandoned, $"unheard-{i}");
        }

        // A notice sent after those commits, by the same silo, has arrived: one to the deleted feed would have too.
        var polling = FetchAsync(watcher, waitSeconds: 20);
        await CreateAsync(followed, "heard");
        Assert.Single(await polling.WaitAsync(Patience));

        Assert.DoesNotContain(gone.FeedHash.Value, await ActiveFeedsAsync());
        Assert.Empty(Store.SiloService<LocalPartitionFollowers>().Find(abandoned.PartitionHash)!.Feeds);
    }

    private async Task WaitUntilInactiveAsync(Hash feedHash)
    {
        await Eventually.UntilAsync(async () => !(await ActiveFeedsAsync()).Contains(feedHash.Value), $"the deleted feed {feedHash} is no longer active", Patience);
    }

    /// <summary>The keys of the feed grains active in the cluster, as its management grain reports them.</summary>
    private async Task<HashSet<string>> ActiveFeedsAsync()
    {
        var statistics = await Store.Cluster.Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        return [.. statistics.Where(statistic => statistic.GrainType.Contains(nameof(FeedGrain), StringComparison.Ordinal))
            .Select(statistic => statistic.GrainId.Key.ToString()!)];
    }

    /// <summary>A cluster whose feeds catch up from the logs only an hour apart: the tests end long before.</summary>
    public sealed class NoCatchUpCluster() : ClusterFixture(StorageProvider.Sqlite, new Dictionary<string, string>
    {
        ["ObjectStore:Feeds:CatchUpInterval"] = "01:00:00",
    });
}
