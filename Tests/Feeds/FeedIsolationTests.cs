using ObjectStore.Client;
using ObjectStore.Errors;
using ObjectStore.Feeds;
using ObjectStore.Objects;
using ObjectStore.Partitions;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Feeds;

/// <summary>
/// What one user's feed costs and what others can do to it: messages nobody may read do not hold its buffer, and the
/// feeds a user owns and the partitions a feed selects are bounded by settings. Each test runs its own small cluster.
/// </summary>
[Kind(TestKind.Cluster)]
public sealed class FeedIsolationTests
{
    private const long Owner = 501;
    private const long Neighbour = 502;
    private const int BufferSize = 10;

    private static readonly Dictionary<string, string> Settings = new()
    {
        // Real time, so that a fetch that would wait for ever on a blocked feed ends and fails the test instead.
        [StoreCluster.SystemClockSetting] = "true",
        ["ObjectStore:Feeds:BufferSize"] = $"{BufferSize}",
        ["ObjectStore:Feeds:CatchUpInterval"] = "00:00:00.2",
        ["ObjectStore:Feeds:MaxFeedsPerUser"] = "2",
        ["ObjectStore:Feeds:MaxSelections"] = "2",
    };

    [Fact, Backend(StorageProvider.Sqlite)]
    public Task Messages_nobody_may_read_do_not_stop_the_feed_on_sqlite() => MessagesNobodyMayReadDoNotStopTheFeedAsync(StorageProvider.Sqlite);

    [Fact, Backend(StorageProvider.PostgreSql)]
    public Task Messages_nobody_may_read_do_not_stop_the_feed_on_postgresql() => MessagesNobodyMayReadDoNotStopTheFeedAsync(StorageProvider.PostgreSql);

    [Fact, Backend(StorageProvider.Sqlite)]
    public Task Feeds_per_user_and_selections_per_feed_are_bounded_on_sqlite() => FeedsAndSelectionsAreBoundedAsync(StorageProvider.Sqlite);

    [Fact, Backend(StorageProvider.PostgreSql)]
    public Task Feeds_per_user_and_selections_per_feed_are_bounded_on_postgresql() => FeedsAndSelectionsAreBoundedAsync(StorageProvider.PostgreSql);

    /// <summary>
    /// A neighbour lets the owner read their partition, the owner's feed selects it beside the owner's own, then the
    /// neighbour revokes READ and writes more than the feed's buffer holds: the owner's own writes are still delivered.
    /// </summary>
    private static async Task MessagesNobodyMayReadDoNotStopTheFeedAsync(StorageProvider provider)
    {
        await using var store = await StoreCluster.StartAsync(provider, settings: Settings);
        var client = store.Client;
        var own = await client.UpsertPartitionAsync(Owner, "own");
        var neighbours = await client.UpsertPartitionAsync(Neighbour, "neighbours", new UserPermissions(Owner, Permission.Read));
        var feed = await client.UpsertFeedAsync(Owner, "mine", [new PartitionSelection(own.PartitionHash), new PartitionSelection(neighbours.PartitionHash)]);

        await client.UpsertPartitionAsync(Neighbour, new UpsertPartitionRequest(neighbours.Id, [new UserPermissions(Owner, Permission.None)]));
        for (var i = 0; i < BufferSize + 5; i++)
        {
            await client.CreateAsync(Neighbour, new ObjectDraft(neighbours.PartitionHash, $"n{i:D3}") { Owner = Neighbour });
        }

        // Each partition has its own stream: wait until the neighbour's notices reached the feed before the owner
        // writes, so that without the rule they would have filled the buffer first. Either way the feed then knows of a
        // backlog: more than its buffer holds, or entries of a partition it leaves in the log.
        await WaitForBacklogAsync(client, feed.FeedHash);
        var written = await client.CreateAsync(Owner, new ObjectDraft(own.PartitionHash, "mine") { Owner = Owner });

        var delivered = await client.FetchAsync(Owner, feed.FeedHash, new FeedRequest(10, 20));
        Assert.Equal([written.AbsoluteHash], delivered.Select(message => message.Payload.AbsoluteHash));
        Assert.Equal(1, (await client.GetFeedStatusAsync(Owner, feed.FeedHash)).Pending); // The neighbour's messages wait in their log.
    }

    private static async Task WaitForBacklogAsync(ObjectStoreClient client, Hash feedHash)
    {
        await Eventually.UntilAsync(async () => (await client.GetFeedStatusAsync(Owner, feedHash)).Backlog, "the neighbour's writes reach the feed");
    }

    private static async Task FeedsAndSelectionsAreBoundedAsync(StorageProvider provider)
    {
        await using var store = await StoreCluster.StartAsync(provider, settings: Settings);
        var client = store.Client;
        var partitions = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => client.UpsertPartitionAsync(Owner, $"p{i}")));
        var selections = partitions.Select(partition => new PartitionSelection(partition.PartitionHash)).ToList();

        var tooMany = await Assert.ThrowsAsync<InvalidInputException>(() => client.UpsertFeedAsync(Owner, "wide", selections));
        Assert.Contains("1 to 2 partitions", tooMany.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<NotFoundException>(() => client.GetFeedAsync(Owner, PartitionIds.HashOf(new PartitionId("wide", Owner))));

        await client.UpsertFeedAsync(Owner, "first", selections[..2]);
        var second = await client.UpsertFeedAsync(Owner, "second", selections[..1]);
        var third = await Assert.ThrowsAsync<InvalidInputException>(() => client.UpsertFeedAsync(Owner, "third", selections[..1]));
        Assert.Contains("MaxFeedsPerUser", third.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<NotFoundException>(() => client.GetFeedAsync(Owner, PartitionIds.HashOf(new PartitionId("third", Owner))));

        await client.UpsertFeedAsync(Owner, "second", selections[1..3]); // Redefining a feed the user owns is no new feed.
        await client.DeleteFeedAsync(Owner, second.FeedHash);
        await client.UpsertFeedAsync(Owner, "third", selections[..1]);
    }
}
