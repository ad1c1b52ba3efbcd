using ObjectStore.Errors;
using ObjectStore.Feeds;
using ObjectStore.Objects;
using ObjectStore.Partitions;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Feeds;

/// <summary>Who may define, read and delete a feed, and what a refused or malformed request leaves behind: nothing.</summary>
public abstract class FeedAccessTests(ClusterFixture fixture) : FeedTestBase(fixture)
{
    [Fact]
    public async Task The_owner_and_listed_readers_fetch_and_nobody_else_does()
    {
        var partition = await NewPartitionAsync();
        var feed = await NewFeedAsync(partition);
        var written = await CreateAsync(partition, "k");

        var delivered = Assert.Single(await FetchAsync(feed, waitSeconds: 20, user: Reader));

        Assert.Equal(written.AbsoluteHash, delivered.Payload.AbsoluteHash);
        await Assert.ThrowsAsync<ForbiddenException>(() => FetchAsync(feed, user: Stranger));
        await Assert.ThrowsAsync<ForbiddenException>(() => FetchAsync(feed, user: Writer));
        await Assert.ThrowsAsync<ForbiddenException>(() => Client.GetFeedStatusAsync(Stranger, feed.FeedHash));
        await Assert.ThrowsAsync<ForbiddenException>(() => Client.ListDeadLettersAsync(Stranger, feed.FeedHash));
    }

    [Fact]
    public async Task Only_the_owner_changes_deletes_or_requeues_a_feed()
    {
        var partition = await NewPartitionAsync();
        var feed = await NewFeedAsync(partition);

        await Assert.ThrowsAsync<ForbiddenException>(() => Client.DeleteFeedAsync(Reader, feed.FeedHash));
        await Assert.ThrowsAsync<ForbiddenException>(() => Client.RequeueDeadLettersAsync(Reader, feed.FeedHash));
        await Assert.ThrowsAsync<ForbiddenException>(() => Client.UpsertFeedAsync(Reader,
            new UpsertFeedRequest(feed.Id, [new PartitionSelection(partition.PartitionHash)])));

        Assert.Equal(feed.Selections, (await Client.GetFeedAsync(Reader, feed.FeedHash)).Selections);
    }

    [Fact]
    public async Task A_feed_cannot_select_a_partition_its_owner_cannot_read()
    {
        var foreign = await Client.UpsertPartitionAsync(Stranger, $"foreign-{Guid.NewGuid():N}");
        var id = new PartitionId($"feed-{Guid.NewGuid():N}", Owner);

        await Assert.ThrowsAsync<ForbiddenException>(() => Client.UpsertFeedAsync(Owner, new UpsertFeedRequest(id, [new PartitionSelection(foreign.PartitionHash)])));

        await Assert.ThrowsAsync<NotFoundException>(() => Client.GetFeedAsync(Owner, PartitionIds.HashOf(id)));
    }

    [Fact]
    public async Task A_feed_cannot_list_a_reader_who_may_not_read_its_partitions()
    {
        var partition = await NewPartitionAsync();
        var id = new PartitionId($"feed-{Guid.NewGuid():N}", Owner);

        var refusal = await Assert.ThrowsAsync<ForbiddenException>(() => Client.UpsertFeedAsync(Owner,
            new UpsertFeedRequest(id, [new PartitionSelection(partition.PartitionHash)], [new UserPermissions(Stranger, Permission.Read)])));

        Assert.Contains($"User {Stranger}", refusal.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<NotFoundException>(() => Client.GetFeedAsync(Owner, PartitionIds.HashOf(id)));
    }

    [Fact]
    public async Task A_reader_whose_partition_permission_is_revoked_gets_nothing_more_from_it()
    {
        var partition = await NewPartitionAsync();
        var feed = await NewFeedAsync(partition);
        await Client.UpsertPartitionAsync(Owner, new UpsertPartitionRequest(partition.Id, [new UserPermissions(Reader, Permission.None)]));
        var written = await CreateAsync(partition, "secret");
        var arrived = Assert.Single(await FetchAsync(feed, waitSeconds: 20));
        await Client.AcknowledgeAsync(Owner, feed.FeedHash, new FeedAcknowledgement(Extend: [new VisibilityChange(arrived.ReceiptHandle, 0)]));

        Assert.Empty(await FetchAsync(feed, user: Reader));

        Assert.Equal(written.AbsoluteHash, Assert.Single(await FetchAsync(feed)).Payload.AbsoluteHash);
    }

    [Fact]
    public async Task A_long_poll_waiting_when_read_is_revoked_hands_the_reader_nothing_of_that_partition()
    {
        var partition = await NewPartitionAsync();
        var feed = await NewFeedAsync(partition);
        var waiting = FetchAsync(feed, waitSeconds: 20, user: Reader);
        await Eventually.UntilAsync(() => Store.FetchWatcher.InProgress(feed.FeedHash) == 1, "the reader's long poll reaches the feed");

        await Client.UpsertPartitionAsync(Owner, new UpsertPartitionRequest(partition.Id, [new UserPermissions(Reader, Permission.None)]));
        var written = await CreateAsync(partition, "secret");
        await Eventually.UntilAsync(async () => (await Client.GetFeedStatusAsync(Owner, feed.FeedHash)).Pending == 1, "the write reaches the feed");
        Store.Clock.Advance(TimeSpan.FromSeconds(21)); // The poll's end, on the tests' clock.

        Assert.Empty(await waiting);
        Assert.Equal(written.AbsoluteHash, Assert.Single(await FetchAsync(feed)).Payload.AbsoluteHash);
    }

    [Fact]
    public async Task A_reader_gets_what_they_may_read_past_the_messages_of_a_partition_they_may_not()
    {
        var kept = await NewPartitionAsync();
        var revoked = await NewPartitionAsync();
        var feed = await NewFeedAsync(new PartitionSelection(kept.PartitionHash), new PartitionSelection(revoked.PartitionHash));
        await Client.UpsertPartitionAsync(Owner, new UpsertPartitionRequest(revoked.Id, [new UserPermissions(Reader, Permission.None)]));
        for (var i = 0; i < 3; i++)
        {
            await CreateAsync(revoked, $"secret-{i}");
        }

        var readable = new[] { await CreateAsync(kept, "first"), await CreateAsync(kept, "second") };
        await Eventually.UntilAsync(async () => (await Client.GetFeedStatusAsync(Owner, feed.FeedHash)).Pending == 5, "the writes reach the feed");

        Assert.Equal(readable.Select(written => written.AbsoluteHash), PayloadHashes(await FetchAsync(feed, maxItems: 3, user: Reader)));
        Assert.Equal(3, (await FetchAsync(feed)).Count);
    }

    [Fact]
    public async Task A_partition_readable_again_delivers_to_the_reader_again()
    {
        var partition = await NewPartitionAsync();
        var feed = await NewFeedAsync(partition);
        await Client.UpsertPartitionAsync(Owner, new UpsertPartitionRequest(partition.Id, [new UserPermissions(Reader, Permission.None)]));
        var written = await CreateAsync(partition, "later-readable");
        await Eventually.UntilAsync(async () => (await Client.GetFeedStatusAsync(Owner, feed.FeedHash)).Pending == 1, "the write reaches the feed");
        Assert.Empty(await FetchAsync(feed, user: Reader));

        await Client.UpsertPartitionAsync(Owner, new UpsertPartitionRequest(partition.Id, [new UserPermissions(Reader, Permission.Read)]));

        Assert.Equal(written.AbsoluteHash, Assert.Single(await FetchAsync(feed, user: Reader)).Payload.AbsoluteHash);
    }

    [Fact]
    public async Task Dead_letters_of_a_partition_the_caller_may_no_longer_read_are_not_listed_to_them()
    {
        var kept = await NewPartitionAsync();
        var revoked = await NewPartitionAsync();
        var feed = await NewFeedAsync(new PartitionSelection(kept.PartitionHash), new PartitionSelection(revoked.PartitionHash));
        var readable = await CreateAsync(kept, "readable");
        var secret = await CreateAsync(revoked, "secret");
        await DeadLetterEverythingAsync(feed, count: 2);

        await Client.UpsertPartitionAsync(Owner, new UpsertPartitionRequest(revoked.Id, [new UserPermissions(Reader, Permission.None)]));

        Assert.Equal([readable.AbsoluteHash], (await Client.ListDeadLettersAsync(Reader, feed.FeedHash)).Select(dead => dead.Payload!.AbsoluteHash));
        Assert.Equal(new HashSet<Hash> { readable.AbsoluteHash, secret.AbsoluteHash },
            (await Client.ListDeadLettersAsync(Owner, feed.FeedHash)).Select(dead => dead.Payload!.AbsoluteHash).ToHashSet());
    }

    [Fact]
    public async Task A_reader_of_the_partition_may_build_a_feed_on_it()
    {
        var partition = await NewPartitionAsync();
        var feed = await Client.UpsertFeedAsync(Reader, $"feed-{Guid.NewGuid():N}", [new PartitionSelection(partition.PartitionHash)]);

        var written = await CreateAsync(partition, "k");

        Assert.Equal(written.AbsoluteHash, Assert.Single(await Client.FetchAsync(Reader, feed.FeedHash, new FeedRequest(1, 20))).Payload.AbsoluteHash);
    }

    [Fact]
    public async Task A_deleted_feed_is_gone_and_later_writes_do_not_bring_it_back()
    {
        var partition = await NewPartitionAsync();
        var feed = await NewFeedAsync(partition);
        await CreateAsync(partition, "before");

        await Client.DeleteFeedAsync(Owner, feed.FeedHash);
        await CreateAsync(partition, "after");

        await Assert.ThrowsAsync<NotFoundException>(() => FetchAsync(feed));
        await Assert.ThrowsAsync<NotFoundException>(() => Client.GetFeedStatusAsync(Owner, feed.FeedHash));
    }

    [Fact]
    public async Task Redefining_a_feed_loses_nothing_of_the_partitions_it_still_selects_and_adds_the_new_ones()
    {
        var kept = await NewPartitionAsync();
        var added = await NewPartitionAsync();
        var feed = await NewFeedAsync(kept);
        var waiting = await CreateAsync(kept, "waiting");
        Assert.Single(await FetchAsync(feed, waitSeconds: 20));

        await Client.UpsertFeedAsync(Owner, new UpsertFeedRequest(feed.Id,
            [new PartitionSelection(kept.PartitionHash), new PartitionSelection(added.PartitionHash)], [new UserPermissions(Reader, Permission.Read)]));
        var fromAdded = await CreateAsync(added, "new");
        Store.Clock.Advance(TimeSpan.FromSeconds(31));

        Assert.Equal(new[] { waiting.AbsoluteHash, fromAdded.AbsoluteHash }.Order(), PayloadHashes(await ReceiveAsync(feed, 2)).Order());
    }

    /// <summary>Requests the feed refuses; each names what is wrong.</summary>
    public static TheoryData<string, FeedRequest, string> BadFetches() => new()
    {
        { "fewer than no items", new FeedRequest(MaxItems: -1), "maxItems" },
        { "too many items", new FeedRequest(MaxItems: 11), "maxItems" },
        { "negative wait", new FeedRequest(WaitTimeSeconds: -1), "waitTimeSeconds" },
        { "long wait", new FeedRequest(WaitTimeSeconds: 21), "waitTimeSeconds" },
        { "empty handle", new FeedRequest(Acknowledgement: new FeedAcknowledgement(Delete: [""])), "receiptHandle" },
        { "negative extension", new FeedRequest(Acknowledgement: new FeedAcknowledgement(Extend: [new VisibilityChange("h", -1)])), "visibilityTimeout" },
        { "extension past 12 h", new FeedRequest(Acknowledgement: new FeedAcknowledgement(Extend: [new VisibilityChange("h", 43201)])), "visibilityTimeout" },
        { "too many acknowledgements", new FeedRequest(Acknowledgement: new FeedAcknowledgement(Delete: [.. Enumerable.Repeat("h", 101)])), "at most" },
    };

    [Theory]
    [MemberData(nameof(BadFetches))]
    public async Task A_malformed_fetch_is_refused_and_acknowledges_nothing(string why, FeedRequest request, string named)
    {
        var (feed, delivered) = await FeedWithOneDeliveryAsync();
        var withAcknowledgement = request with { Acknowledgement = new FeedAcknowledgement([delivered.ReceiptHandle, .. request.Acknowledgement?.Delete ?? []], request.Acknowledgement?.Extend) };

        var refusal = await Assert.ThrowsAsync<InvalidInputException>(() => Client.FetchAsync(Owner, feed.FeedHash, withAcknowledgement));

        Assert.True(refusal.Message.Contains(named, StringComparison.Ordinal), $"{why}: {refusal.Message}");
        Assert.Equal((1, 1, 0, false), (await Client.GetFeedStatusAsync(Owner, feed.FeedHash)).Counts());
    }

    /// <summary>Upserts the feed refuses, with {P} for a readable partition; the error and a word of its message.</summary>
    public static TheoryData<string, string, string> BadUpserts() => new()
    {
        { "no selection", "", "1 to 100" },
        { "unknown partition", "unknown", "partition" },
        { "selected twice", "{P}|{P}", "more than once" },
        { "control character in the prefix", "{P}:a\u0001", "control" },
        { "a reader with WRITE", "{P};write", "WRITE" },
        { "the owner listed as a reader", "{P};owner", "owner" },
        { "an expiry in the past", "{P};past", "expiryTime" },
    };

    [Theory]
    [MemberData(nameof(BadUpserts))]
    public async Task A_malformed_upsert_is_refused_and_creates_nothing(string why, string shape, string named)
    {
        var partition = await NewPartitionAsync();
        var id = new PartitionId($"feed-{Guid.NewGuid():N}", Owner);
        var (selectionText, option) = shape.Split(';') is [var s, var o] ? (s, o) : (shape, "");
        var selections = selectionText.Length == 0 ? [] : selectionText.Split('|').Select(part => part.Split(':') switch
        {
            ["unknown"] => new PartitionSelection(Hash.Parse("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAABAQ==", "partitionHash")),
            [_, var prefix] => new PartitionSelection(partition.PartitionHash, prefix),
            _ => new PartitionSelection(partition.PartitionHash),
        }).ToList();
        var request = option switch
        {
            "write" => new UpsertFeedRequest(id, selections, [new UserPermissions(Reader, Permission.Read | Permission.Write)]),
            "owner" => new UpsertFeedRequest(id, selections, [new UserPermissions(Owner, Permission.Read)]),
            "past" => new UpsertFeedRequest(id, selections, ExpiryTime: Store.Clock.GetUtcNow().AddSeconds(-1)),
            _ => new UpsertFeedRequest(id, selections),
        };

        var refusal = await Assert.ThrowsAnyAsync<ObjectStoreException>(() => Client.UpsertFeedAsync(Owner, request));

        Assert.True(refusal.Message.Contains(named, StringComparison.Ordinal), $"{why}: {refusal.Message}");
        await Assert.ThrowsAsync<NotFoundException>(() => Client.GetFeedAsync(Owner, PartitionIds.HashOf(id)));
    }

    [Fact]
    public async Task A_feed_id_without_a_name_is_refused_as_a_feed()
    {
        var partition = await NewPartitionAsync();

        var refusal = await Assert.ThrowsAsync<InvalidInputException>(() =>
            Client.UpsertFeedAsync(Owner, new UpsertFeedRequest(new PartitionId("", Owner), [new PartitionSelection(partition.PartitionHash)])));

        Assert.Equal("A feed needs a non-empty 'name'.", refusal.Message);
    }

    [Fact]
    public async Task A_requeue_of_something_that_is_not_a_message_id_is_refused()
    {
        var partition = await NewPartitionAsync();
        var feed = await NewFeedAsync(partition);

        var refusal = await Assert.ThrowsAsync<InvalidInputException>(() => Client.RequeueDeadLettersAsync(Owner, feed.FeedHash, "not-a-message"));

        Assert.Contains("message id", refusal.Message, StringComparison.Ordinal);
    }

    /// <summary>Delivers the feed's <paramref name="count"/> messages until their last attempt (25) expired: they are dead letters.</summary>
    private async Task DeadLetterEverythingAsync(Feed feed, int count)
    {
        var arrived = 0;
        while (arrived < count)
        {
            arrived += (await FetchAsync(feed, waitSeconds: 20)).Count;
        }

        for (var attempt = 2; attempt <= 25; attempt++)
        {
            Store.Clock.Advance(TimeSpan.FromSeconds(31));
            Assert.Equal(count, (await FetchAsync(feed)).Count);
        }

        Store.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Empty(await FetchAsync(feed));
    }

    private async Task<(Feed Feed, FeedMessage Delivered)> FeedWithOneDeliveryAsync()
    {
        var partition = await NewPartitionAsync();
        var feed = await NewFeedAsync(partition);
        await CreateAsync(partition, "only");
        return (feed, Assert.Single(await FetchAsync(feed, waitSeconds: 20)));
    }
}

[Collection(SharedFixtures.SqliteCluster), Kind(TestKind.Cluster), Backend(StorageProvider.Sqlite)]
public sealed class SqliteFeedAccessTests(SqliteClusterFixture fixture) : FeedAccessTests(fixture);

[Collection(SharedFixtures.PostgresCluster), Kind(TestKind.Cluster), Backend(StorageProvider.PostgreSql)]
public sealed class PostgresFeedAccessTests(PostgresClusterFixture fixture) : FeedAccessTests(fixture);
