using ObjectStore.Feeds;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Feeds;

/// <summary>
/// What a consumer relies on between a fetch and its acknowledgement: visibility timeouts, receipt handles, attempts
/// and dead letters. Time is the silo's fake clock, moved by the tests; nothing waits for real time to pass.
/// </summary>
public abstract class FeedAcknowledgementTests(ClusterFixture fixture) : FeedTestBase(fixture)
{
    private static readonly TimeSpan PastVisibilityTimeout = TimeSpan.FromSeconds(31);

    [Fact]
    public async Task An_unacknowledged_message_comes_back_after_the_visibility_timeout_with_a_new_receipt_handle()
    {
        var (feed, written) = await FeedWithOneWriteAsync();
        var first = Assert.Single(await FetchAsync(feed, waitSeconds: 20));

        Assert.Empty(await FetchAsync(feed));
        Store.Clock.Advance(PastVisibilityTimeout);
        var second = Assert.Single(await FetchAsync(feed));

        Assert.Equal(written.AbsoluteHash, second.Payload.AbsoluteHash);
        Assert.Equal(first.MessageId, second.MessageId);
        Assert.NotEqual(first.ReceiptHandle, second.ReceiptHandle);
        Assert.Equal((1, 2), (first.Attempt, second.Attempt));
    }

    [Fact]
    public async Task A_stale_receipt_handle_acknowledges_nothing_and_the_latest_one_does()
    {
        var (feed, _) = await FeedWithOneWriteAsync();
        var stale = Assert.Single(await FetchAsync(feed, waitSeconds: 20));
        Store.Clock.Advance(PastVisibilityTimeout);
        var latest = Assert.Single(await FetchAsync(feed));

        await AcknowledgeAsync(feed, [stale]);
        await AcknowledgeAsync(feed, [new FeedMessage(latest.MessageId, "no-such-handle", 1, latest.Payload)]);
        Assert.Equal((Pending: 1, InFlight: 1, DeadLetters: 0, Backlog: false), (await Client.GetFeedStatusAsync(Owner, feed.FeedHash)).Counts());

        await AcknowledgeAsync(feed, [latest]);
        Store.Clock.Advance(PastVisibilityTimeout);
        Assert.Empty(await FetchAsync(feed));
        Assert.Equal((0, 0, 0, false), (await Client.GetFeedStatusAsync(Owner, feed.FeedHash)).Counts());
    }

    [Fact]
    public async Task Acknowledging_in_the_fetch_request_stops_delivery()
    {
        var partition = await NewPartitionAsync();
        var feed = await NewFeedAsync(partition);
        await CreateAsync(partition, "first");
        var delivered = Assert.Single(await FetchAsync(feed, maxItems: 1, waitSeconds: 20));

        var marker = await CreateAsync(partition, "marker");
        Store.Clock.Advance(PastVisibilityTimeout);
        var next = await FetchAsync(feed, waitSeconds: 20, acknowledgement: new FeedAcknowledgement(Delete: [delivered.ReceiptHandle]));

        Assert.Equal([marker.AbsoluteHash], PayloadHashes(next));
    }

    [Fact]
    public async Task Extending_postpones_redelivery_and_extending_to_zero_makes_it_visible_at_once()
    {
        var (feed, _) = await FeedWithOneWriteAsync();
        var delivered = Assert.Single(await FetchAsync(feed, waitSeconds: 20));

        await Client.AcknowledgeAsync(Owner, feed.FeedHash, new FeedAcknowledgement(Extend: [new VisibilityChange(delivered.ReceiptHandle, 120)]));
        Store.Clock.Advance(PastVisibilityTimeout);
        Assert.Empty(await FetchAsync(feed));

        await Client.AcknowledgeAsync(Owner, feed.FeedHash, new FeedAcknowledgement(Extend: [new VisibilityChange(delivered.ReceiptHandle, 0)]));
        var again = Assert.Single(await FetchAsync(feed));
        Assert.Equal((delivered.MessageId, 2), (again.MessageId, again.Attempt));
    }

    [Fact]
    public async Task Competing_consumers_never_hold_the_same_message_at_once()
    {
        var partition = await NewPartitionAsync();
        var feed = await NewFeedAsync(partition);
        // One transaction is one notice: every message is in the feed when the first fetch returns.
        await Client.StoreTransactionAsync(Owner, [.. Enumerable.Range(0, 40).Select(i => Draft(partition, $"k{i:D2}").ToJson(null))]);
        var first = await FetchAsync(feed, maxItems: 10, waitSeconds: 20);

        var competing = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => FetchAsync(feed, maxItems: 10)));

        var held = first.Concat(competing.SelectMany(batch => batch)).Select(message => message.MessageId).ToList();
        Assert.Equal(40, held.Count);
        Assert.Equal(40, held.Distinct().Count());
    }

    [Fact]
    public async Task After_its_maximum_attempts_a_message_moves_to_the_dead_letters_and_can_be_put_back()
    {
        var (feed, written) = await FeedWithOneWriteAsync();
        var attempts = new List<int> { Assert.Single(await FetchAsync(feed, waitSeconds: 20)).Attempt };
        for (var i = 1; i < 25; i++)
        {
            Store.Clock.Advance(PastVisibilityTimeout);
            attempts.Add(Assert.Single(await FetchAsync(feed)).Attempt);
        }

        Store.Clock.Advance(PastVisibilityTimeout);
        Assert.Empty(await FetchAsync(feed));

        Assert.Equal(Enumerable.Range(1, 25), attempts);
        var dead = Assert.Single(await Client.ListDeadLettersAsync(Owner, feed.FeedHash));
        Assert.Equal((25, written.AbsoluteHash), (dead.Attempts, dead.Payload!.AbsoluteHash));
        Assert.Equal((0, 0, 1, false), (await Client.GetFeedStatusAsync(Owner, feed.FeedHash)).Counts());

        Assert.Equal(1, await Client.RequeueDeadLettersAsync(Owner, feed.FeedHash, dead.MessageId));
        var requeued = Assert.Single(await FetchAsync(feed));
        Assert.Equal((dead.MessageId, 1), (requeued.MessageId, requeued.Attempt));
        Assert.Empty(await Client.ListDeadLettersAsync(Owner, feed.FeedHash));

        await AcknowledgeAsync(feed, [requeued]);
        Store.Clock.Advance(PastVisibilityTimeout);
        Assert.Empty(await FetchAsync(feed));
        Assert.Equal((0, 0, 0, false), (await Client.GetFeedStatusAsync(Owner, feed.FeedHash)).Counts());
    }

    private async Task<(Feed Feed, ObjectStore.Objects.StoredObject Written)> FeedWithOneWriteAsync()
    {
        var partition = await NewPartitionAsync();
        var feed = await NewFeedAsync(partition);
        return (feed, await CreateAsync(partition, "only"));
    }
}

[Collection(SharedFixtures.SqliteCluster), Kind(TestKind.Cluster), Backend(StorageProvider.Sqlite)]
public sealed class SqliteFeedAcknowledgementTests(SqliteClusterFixture fixture) : FeedAcknowledgementTests(fixture);

[Collection(SharedFixtures.PostgresCluster), Kind(TestKind.Cluster), Backend(StorageProvider.PostgreSql)]
public sealed class PostgresFeedAcknowledgementTests(PostgresClusterFixture fixture) : FeedAcknowledgementTests(fixture);
