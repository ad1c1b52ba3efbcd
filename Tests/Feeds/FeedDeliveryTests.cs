using ObjectStore.Client;
using ObjectStore.Feeds;
using ObjectStore.Objects;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Feeds;

/// <summary>Every committed write reaches every matching feed, as one message carrying the version written.</summary>
public abstract class FeedDeliveryTests(ClusterFixture fixture) : FeedTestBase(fixture)
{
    [Fact]
    public async Task Every_create_update_and_delete_becomes_one_message_in_commit_order()
    {
        var partition = await NewPartitionAsync();
        var feed = await NewFeedAsync(partition);

        var created = await CreateAsync(partition, "a");
        var updated = await Client.UpdateAsync(Owner, created, Draft(partition, "a", "edited"));
        var deleted = await Client.DeleteAsync(Owner, updated);
        var other = await CreateAsync(partition, "b");
        var removed = await Client.DeleteAsync(Owner, other, DeletionType.Physical);

        var messages = await ReceiveAsync(feed, 5);

        Assert.Equal([created.AbsoluteHash, updated.AbsoluteHash, deleted.AbsoluteHash, other.AbsoluteHash, removed.AbsoluteHash], PayloadHashes(messages));
        Assert.Equal(ObjectKind.LogicalDelete, messages[2].Payload.Kind);
        Assert.Equal(ObjectKind.PhysicalDelete, messages[4].Payload.Kind);
        Assert.Equal(removed.Canonical, messages[4].Payload.Canonical);
        Assert.All(messages, message => Assert.Equal(1, message.Attempt));
        Assert.Equal(messages.Count, messages.Select(message => message.MessageId).Distinct().Count());
    }

    [Fact]
    public async Task A_write_reaches_every_feed_that_selects_its_partition_and_none_other()
    {
        var partition = await NewPartitionAsync();
        var elsewhere = await NewPartitionAsync();
        var first = await NewFeedAsync(partition);
        var second = await NewFeedAsync(partition);
        var unrelated = await NewFeedAsync(elsewhere);

        var written = await CreateAsync(partition, "k");
        var marker = await CreateAsync(elsewhere, "marker");

        Assert.Equal([written.AbsoluteHash], PayloadHashes(await ReceiveAsync(first, 1)));
        Assert.Equal([written.AbsoluteHash], PayloadHashes(await ReceiveAsync(second, 1)));
        Assert.Equal([marker.AbsoluteHash], PayloadHashes(await ReceiveAsync(unrelated, 1)));
    }

    [Fact]
    public async Task A_prefix_keeps_only_the_writes_whose_sort_key_starts_with_it()
    {
        var partition = await NewPartitionAsync();
        var feed = await NewFeedAsync(partition, "chat-");

        var wanted = await CreateAsync(partition, "chat-1");
        await CreateAsync(partition, "audit-1");
        await CreateAsync(partition, "cha");
        var wantedToo = await CreateAsync(partition, "chat-2");

        // The last write matches: once it is received, the ones before it were filtered, not merely late.
        Assert.Equal([wanted.AbsoluteHash, wantedToo.AbsoluteHash], PayloadHashes(await ReceiveAsync(feed, 2)));
        Assert.Empty(await FetchAsync(feed));
    }

    [Fact]
    public async Task An_update_moving_an_object_out_of_the_prefix_reaches_the_feed()
    {
        var partition = await NewPartitionAsync();
        var feed = await NewFeedAsync(partition, "chat-");
        var inside = await CreateAsync(partition, "chat-1");
        await ReceiveAsync(feed, 1);

        var movedOut = await Client.UpdateAsync(Owner, inside, Draft(partition, "audit-1"));
        await Client.UpdateAsync(Owner, movedOut, Draft(partition, "audit-2")); // Outside before and after: not the feed's.
        var marker = await CreateAsync(partition, "chat-2");

        var received = await ReceiveAsync(feed, 2);
        Assert.Equal([movedOut.AbsoluteHash, marker.AbsoluteHash], PayloadHashes(received));
        Assert.Equal("audit-1", received[0].Payload.SortKey);
    }

    [Fact]
    public async Task A_feed_delivers_only_what_was_written_after_it_selected_the_partition()
    {
        var partition = await NewPartitionAsync();
        await CreateAsync(partition, "before");
        var feed = await NewFeedAsync(partition);
        var after = await CreateAsync(partition, "after");

        Assert.Equal([after.AbsoluteHash], PayloadHashes(await ReceiveAsync(feed, 1)));
    }

    [Fact]
    public async Task A_transaction_across_partitions_reaches_the_feeds_of_both()
    {
        var first = await NewPartitionAsync();
        var second = await NewPartitionAsync();
        var feed = await NewFeedAsync(new PartitionSelection(first.PartitionHash), new PartitionSelection(second.PartitionHash));

        var results = await Client.StoreTransactionAsync(Owner, [Draft(first, "x").ToJson(null), Draft(second, "y").ToJson(null)]);

        Assert.Equal(results.Select(result => result.Object.AbsoluteHash).Order(), PayloadHashes(await ReceiveAsync(feed, 2)).Order());
    }

    [Fact]
    public async Task A_write_whose_notice_was_lost_is_read_from_the_log_when_the_next_notice_shows_the_gap()
    {
        var partition = await NewPartitionAsync();
        var feed = await NewFeedAsync(partition);

        var unannounced = await CommitWithoutNoticeAsync(Store, Owner, Draft(partition, "lost-notice").ToJson(null));
        var announced = await CreateAsync(partition, "next");

        Assert.Equal([unannounced.AbsoluteHash, announced.AbsoluteHash], PayloadHashes(await ReceiveAsync(feed, 2)));
    }

    /// <summary>What a silo that dies between a commit and its notice leaves: the write in the log, and no notice.</summary>
    internal static async Task<StoredObject> CommitWithoutNoticeAsync(StoreCluster store, long writer, string json)
    {
        var write = store.SiloService<ObjectParser>().Parse(System.Text.Encoding.UTF8.GetBytes(json));
        var results = await store.SiloService<Storage.IObjectStorage>().CommitAsync([write], writer, CancellationToken.None);
        return results[0].Object;
    }

    [Fact]
    public async Task Storing_the_same_bytes_again_is_not_a_second_message()
    {
        var partition = await NewPartitionAsync();
        var feed = await NewFeedAsync(partition);
        var json = Draft(partition, "once").ToJson(null);

        var stored = (await Client.StoreJsonAsync(Owner, json)).Object;
        await Client.StoreJsonAsync(Owner, json);
        var marker = await CreateAsync(partition, "marker");

        Assert.Equal([stored.AbsoluteHash, marker.AbsoluteHash], PayloadHashes(await ReceiveAsync(feed, 2)));
    }

    [Fact]
    public async Task A_message_let_go_at_once_reaches_a_long_poll_that_is_already_waiting()
    {
        var partition = await NewPartitionAsync();
        var feed = await NewFeedAsync(partition);
        var written = await CreateAsync(partition, "let-go");
        var first = Assert.Single(await FetchAsync(feed, waitSeconds: 20));

        // On the fake clock a poll that is waiting when the visibility changes ends only if the change wakes it: its
        // deadline never comes. Orleans does not order the two calls, so the status call gives the poll a head start.
        var waiting = FetchAsync(feed, waitSeconds: 20, user: Reader);
        Assert.Equal(1, (await Client.GetFeedStatusAsync(Owner, feed.FeedHash)).InFlight);
        await Client.AcknowledgeAsync(Owner, feed.FeedHash, new FeedAcknowledgement(Extend: [new VisibilityChange(first.ReceiptHandle, 0)]));

        var again = Assert.Single(await waiting);
        Assert.Equal((written.AbsoluteHash, first.MessageId, 2), (again.Payload.AbsoluteHash, again.MessageId, again.Attempt));
        await AcknowledgeAsync(feed, [again]);
    }
}

[Collection(SharedFixtures.SqliteCluster), Kind(TestKind.Cluster), Backend(StorageProvider.Sqlite)]
public sealed class SqliteFeedDeliveryTests(SqliteClusterFixture fixture) : FeedDeliveryTests(fixture);

[Collection(SharedFixtures.PostgresCluster), Kind(TestKind.Cluster), Backend(StorageProvider.PostgreSql)]
public sealed class PostgresFeedDeliveryTests(PostgresClusterFixture fixture) : FeedDeliveryTests(fixture);
