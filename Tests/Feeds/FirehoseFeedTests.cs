using ObjectStore.Errors;
using ObjectStore.Feeds;
using ObjectStore.Objects;
using ObjectStore.Partitions;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;
using ObjectStore.Tests.Sequences;

namespace ObjectStore.Tests.Feeds;

/// <summary>
/// The firehose as a feed selection: a feed over the whole store, from its beginning or from now, for administrators
/// only. On the firehose's own cluster (an administrator configured); it reads every commit of the store.
/// </summary>
public abstract class FirehoseFeedTests(ClusterFixture fixture) : FeedTestBase(fixture)
{
    private const long Administrator = FirehoseTests.Administrator;

    // ObjectStore:Feeds:MaxAttempts by default: the deliveries before a message is dead-lettered.
    private const int MaxAttempts = 25;

    [Fact]
    public async Task A_firehose_feed_delivers_the_commits_of_every_partition_from_the_beginning_or_from_now()
    {
        var first = await NewPartitionAsync();
        var second = await NewPartitionAsync();
        var before = new[] { await CreateAsync(first, "a"), await CreateAsync(second, "b") };
        var fromBeginning = await NewFirehoseFeedAsync(FeedStart.Beginning);
        var fromNow = await NewFirehoseFeedAsync(new FeedStart());
        var after = new[] { await CreateAsync(first, "c"), await CreateAsync(second, "d") };
        var ours = new HashSet<Hash> { first.PartitionHash, second.PartitionHash };

        var everything = await ReceiveUntilAsync(fromBeginning, after[^1]);
        Assert.Equal(before.Concat(after).Select(stored => stored.AbsoluteHash), PayloadHashes(everything.Where(message => ours.Contains(message.Payload.PartitionHash))));

        Assert.Equal(after.Select(stored => stored.AbsoluteHash), PayloadHashes(await ReceiveUntilAsync(fromNow, after[^1])));
        Assert.Empty(await Client.FetchAsync(Administrator, fromNow.FeedHash, new FeedRequest(10, 0)));
        Assert.True(fromNow.Firehose);
        Assert.Empty(fromNow.Selections);
    }

    [Fact]
    public async Task Only_administrators_own_or_read_a_firehose_feed_which_selects_no_partition_and_stays_one()
    {
        var partition = await NewPartitionAsync();
        var name = $"feed-{Guid.NewGuid():N}";
        var firehose = new UpsertFeedRequest(new PartitionId(name, Owner), [], Firehose: new FeedStart());

        await Assert.ThrowsAsync<ForbiddenException>(() => Client.UpsertFeedAsync(Owner, firehose));
        await Assert.ThrowsAsync<NotFoundException>(() => Client.GetFeedAsync(Owner, PartitionIds.HashOf(firehose.Id, "feed")));

        var feed = await NewFirehoseFeedAsync(new FeedStart());
        var id = new PartitionId(feed.Id.Name, Administrator);
        await Assert.ThrowsAsync<ForbiddenException>(() => Client.UpsertFeedAsync(Administrator,
            new UpsertFeedRequest(id, [], [new UserPermissions(Reader, Permission.Read)], Firehose: new FeedStart())));
        await Assert.ThrowsAsync<InvalidInputException>(() => Client.UpsertFeedAsync(Administrator,
            new UpsertFeedRequest(id, [new PartitionSelection(partition.PartitionHash)], Firehose: new FeedStart())));
        await Assert.ThrowsAsync<InvalidInputException>(() => Client.UpsertFeedAsync(Administrator,
            new UpsertFeedRequest(id, [], Firehose: FeedStart.After(5))));
        await Assert.ThrowsAsync<InvalidInputException>(() => Client.UpsertFeedAsync(Administrator,
            new UpsertFeedRequest(id, [new PartitionSelection(partition.PartitionHash)])));
        var unchanged = await Client.GetFeedAsync(Administrator, feed.FeedHash);
        Assert.Equal((true, 0, 0), (unchanged.Firehose, unchanged.Selections.Count, unchanged.Readers.Count));

        var partitionFeed = await Client.UpsertFeedAsync(Owner, $"feed-{Guid.NewGuid():N}", [new PartitionSelection(partition.PartitionHash)]);
        await Assert.ThrowsAsync<InvalidInputException>(() => Client.UpsertFeedAsync(Owner,
            new UpsertFeedRequest(new PartitionId(partitionFeed.Id.Name, Owner), [], Firehose: new FeedStart())));
        Assert.False((await Client.GetFeedAsync(Owner, partitionFeed.FeedHash)).Firehose);
    }

    [Fact]
    public async Task A_firehose_feed_keeps_its_dead_letters_and_its_place_when_redefined()
    {
        var partition = await NewPartitionAsync();
        var feed = await NewFirehoseFeedAsync(new FeedStart());
        var dead = await CreateAsync(partition, "dead");
        var next = await CreateAsync(partition, "next");
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var batch = await Client.FetchAsync(Administrator, feed.FeedHash, new FeedRequest(1, 20));
            Assert.Equal([dead.AbsoluteHash], PayloadHashes(batch));
            await Client.AcknowledgeAsync(Administrator, feed.FeedHash, new FeedAcknowledgement(Extend: [new VisibilityChange(batch[0].ReceiptHandle, 0)]));
        }

        Assert.Equal([next.AbsoluteHash], PayloadHashes(await ReceiveUntilAsync(feed, next))); // The dead letter went: the next came.
        await Client.UpsertFeedAsync(Administrator, new UpsertFeedRequest(new PartitionId(feed.Id.Name, Administrator), [], Ordered: true, Firehose: FeedStart.Beginning));

        Assert.Equal(1, (await Client.GetFeedStatusAsync(Administrator, feed.FeedHash)).DeadLetters);
        Assert.Empty(await Client.FetchAsync(Administrator, feed.FeedHash, new FeedRequest(10, 0)));
    }

    private Task<Feed> NewFirehoseFeedAsync(FeedStart start) =>
        Client.UpsertFeedAsync(Administrator, new UpsertFeedRequest(new PartitionId($"firehose-{Guid.NewGuid():N}", Administrator), [], Firehose: start));

    /// <summary>Fetches and acknowledges, as the administrator, until the message of <paramref name="last"/> came.</summary>
    private async Task<List<FeedMessage>> ReceiveUntilAsync(Feed feed, StoredObject last)
    {
        var all = new List<FeedMessage>();
        while (!all.Any(message => message.Payload.AbsoluteHash == last.AbsoluteHash))
        {
            var batch = await Client.FetchAsync(Administrator, feed.FeedHash, new FeedRequest(10, 20));
            Assert.NotEmpty(batch);
            all.AddRange(batch);
            await Client.AcknowledgeAsync(Administrator, feed.FeedHash, new FeedAcknowledgement(Delete: [.. batch.Select(message => message.ReceiptHandle)]));
        }

        return all;
    }
}

[Kind(TestKind.Cluster), Backend(StorageProvider.Sqlite)]
public sealed class SqliteFirehoseFeedTests(SqliteFirehoseFixture fixture) : FirehoseFeedTests(fixture), IClassFixture<SqliteFirehoseFixture>;

[Kind(TestKind.Cluster), Backend(StorageProvider.PostgreSql)]
public sealed class PostgresFirehoseFeedTests(PostgresFirehoseFixture fixture) : FirehoseFeedTests(fixture), IClassFixture<PostgresFirehoseFixture>;
