using ObjectStore.Feeds;
using ObjectStore.Objects;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Feeds;

/// <summary>
/// Where a selection starts in its partition's log: now (the default), at the beginning, at a commit time, or after a
/// log position; and that a redefinition keeps the place of a partition the feed selects already.
/// </summary>
public abstract class FeedStartTests(ClusterFixture fixture) : FeedTestBase(fixture)
{
    [Fact]
    public async Task A_feed_that_starts_now_receives_only_the_writes_after_it()
    {
        var partition = await NewPartitionAsync();
        await CreateAsync(partition, "before");
        var feed = await NewFeedAsync(partition);

        var after = await CreateAsync(partition, "after");

        Assert.Equal([after.AbsoluteHash], PayloadHashes(await ReceiveAsync(feed, 1)));
        Assert.Empty(await FetchAsync(feed));
    }

    [Fact]
    public async Task A_feed_that_starts_at_the_beginning_receives_the_whole_log_then_the_writes_after_it()
    {
        var partition = await NewPartitionAsync();
        var first = await CreateAsync(partition, "a");
        var second = await CreateAsync(partition, "b");
        var edited = await Client.UpdateAsync(Owner, first, Draft(partition, "a", "edited"));
        var feed = await NewFeedAsync(new PartitionSelection(partition.PartitionHash, Start: FeedStart.Beginning));

        var after = await CreateAsync(partition, "c");

        Assert.Equal([first.AbsoluteHash, second.AbsoluteHash, edited.AbsoluteHash, after.AbsoluteHash], PayloadHashes(await ReceiveAsync(feed, 4)));
        Assert.Empty(await FetchAsync(feed));
    }

    [Fact]
    public async Task A_feed_that_starts_at_a_time_receives_the_writes_committed_from_that_time_on()
    {
        var partition = await NewPartitionAsync();
        await CreateAsync(partition, "earlier");
        Store.Clock.Advance(TimeSpan.FromSeconds(1));
        var from = Store.Clock.GetUtcNow();
        var atTheTime = await CreateAsync(partition, "at-the-time"); // The clock stands still: committed exactly at it.
        Store.Clock.Advance(TimeSpan.FromSeconds(1));
        var later = await CreateAsync(partition, "later");
        var feed = await NewFeedAsync(new PartitionSelection(partition.PartitionHash, Start: FeedStart.At(from)));

        var after = await CreateAsync(partition, "after");

        Assert.Equal([atTheTime.AbsoluteHash, later.AbsoluteHash, after.AbsoluteHash], PayloadHashes(await ReceiveAsync(feed, 3)));
        Assert.Empty(await FetchAsync(feed));
    }

    [Fact]
    public async Task A_feed_that_starts_after_a_log_position_receives_the_entries_that_follow_it()
    {
        var partition = await NewPartitionAsync();
        await CreateAsync(partition, "a");
        await CreateAsync(partition, "b");
        var third = await CreateAsync(partition, "c");
        var position = (await ReadLogAsync(partition))[1].Sequence;
        var feed = await NewFeedAsync(new PartitionSelection(partition.PartitionHash, "c", FeedStart.After(position)));

        var after = await CreateAsync(partition, "c2");

        Assert.Equal([third.AbsoluteHash, after.AbsoluteHash], PayloadHashes(await ReceiveAsync(feed, 2)));
        Assert.Empty(await FetchAsync(feed));
    }

    [Fact]
    public async Task A_redefinition_starts_a_newly_selected_partition_and_keeps_the_place_of_one_selected_already()
    {
        var kept = await NewPartitionAsync();
        var added = await NewPartitionAsync();
        var name = $"feed-{Guid.NewGuid():N}";
        var feed = await Client.UpsertFeedAsync(Owner, name, [new PartitionSelection(kept.PartitionHash)]);
        var received = await CreateAsync(kept, "received");
        Assert.Equal([received.AbsoluteHash], PayloadHashes(await ReceiveAsync(feed, 1)));
        var addedLog = new[] { await CreateAsync(added, "x"), await CreateAsync(added, "y") };

        await Client.UpsertFeedAsync(Owner, name,
            [new PartitionSelection(kept.PartitionHash, Start: FeedStart.Beginning), new PartitionSelection(added.PartitionHash, Start: FeedStart.Beginning)]);
        var next = await CreateAsync(kept, "next");

        var redefined = await ReceiveAsync(feed, 3);
        Assert.Equal(addedLog.Append(next).Select(stored => stored.AbsoluteHash.Value).Order(), PayloadHashes(redefined).Select(hash => hash.Value).Order());
        Assert.Empty(await FetchAsync(feed));
        Assert.All((await Client.GetFeedAsync(Owner, feed.FeedHash)).Selections, selection => Assert.Null(selection.Start));
    }
}

[Collection(SharedFixtures.SqliteCluster), Kind(TestKind.Cluster), Backend(StorageProvider.Sqlite)]
public sealed class SqliteFeedStartTests(SqliteClusterFixture fixture) : FeedStartTests(fixture);

[Collection(SharedFixtures.PostgresCluster), Kind(TestKind.Cluster), Backend(StorageProvider.PostgreSql)]
public sealed class PostgresFeedStartTests(PostgresClusterFixture fixture) : FeedStartTests(fixture);
