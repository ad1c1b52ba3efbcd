using System.Net;
using System.Text.Json.Nodes;
using ObjectStore.Feeds;
using ObjectStore.Objects;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Http;

/// <summary>
/// Feeds over HTTP: the upsert, delivery of every write with its stored bytes, acknowledgement and visibility by
/// receipt handle, long polls, selections, and the dead letters. "Nothing else came" is shown by a marker written
/// afterwards being the next message, since a partition's writes arrive in order; a message acknowledged or extended
/// by a handle is asked to become visible again through that handle, so that one still in flight would come first.
/// </summary>
[Collection(SharedFixtures.SqliteHttpSilo), Kind(TestKind.Http), Backend(StorageProvider.Sqlite)]
public sealed class FeedApiTests(HttpSiloFixture fixture) : HttpApiTestBase(fixture)
{
    /// <summary>The feed the Allegro example creates; only one test of this class uses its name.</summary>
    private const string ExampleFeedName = "myCalendarFeed";

    [Fact]
    public async Task A_feed_delivers_each_write_with_its_stored_bytes_until_it_is_deleted_by_its_receipt_handle()
    {
        var partition = await NewPartitionAsync();
        using var owner = Silo.As(Owner);
        var expiry = DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeMilliseconds();
        var upsert = UpsertFeedBody(ExampleFeedName, Owner, [Selection(partition)], Reader);
        upsert["expiryTime"] = expiry;

        using var created = await owner.PostAsync("/object/v1/feeds/upsert", Json(upsert.ToJsonString()));

        // The Feed the example printed, but for its SQS queueName, which this store has not; it answers the expiry instead.
        var published = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "ToDoList", "07-CreateFeed-Feed.json")))!.AsObject();
        published.Remove("queueName");
        published["expiryTime"] = expiry;
        var feedJson = await created.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal(CanonicalText(published), feedJson);
        var feed = IdHash(ExampleFeedName, Owner).ToUrlSafe();
        using var reader = Silo.As(Reader);
        foreach (var client in new[] { owner, reader })
        {
            // The Feed again, with the consumer lag this store adds: nothing written yet, so nothing behind.
            var read = JsonNode.Parse(await client.GetStringAsync($"/object/v1/feeds/{feed}"))!.AsObject();
            Assert.Equal((0, 0, 0), (read["deadLetters"]!.GetValue<int>(), read["inFlight"]!.GetValue<int>(), read["pending"]!.GetValue<int>()));
            var lag = Assert.Single(read["partitions"]!.AsArray())!.AsObject();
            Assert.Equal(["ackedThrough", "backlog", "lastSequence", "partitionHash"], lag.Select(member => member.Key));
            Assert.Equal((Hash.Parse(partition, "partition").Value, 0L), (lag["partitionHash"]!.GetValue<string>(), lag["backlog"]!.GetValue<long>()));
            foreach (var extension in new[] { "deadLetters", "inFlight", "partitions", "pending" })
            {
                read.Remove(extension);
            }

            Assert.Equal(feedJson, CanonicalText(read));
        }

        var first = await StoreAsync(owner, NewObject(partition, "first"));
        var second = await StoreAsync(owner, NewObject(partition, "second"));
        var messages = await ReceiveAsync(feed, 2);

        Assert.Equal([first, second], messages.Select(PayloadOf));
        Assert.All(messages, message =>
        {
            Assert.Equal(["_type", "_version", "messageId", "payload", "receiptHandle"], message.Select(member => member.Key));
            Assert.Equal("com.symphony.s2.model.object.FeedObject", message["_type"]!.GetValue<string>());
            Assert.Equal("1.0", message["_version"]!.GetValue<string>());
            Assert.False(string.IsNullOrEmpty(message["messageId"]!.GetValue<string>()));
            Assert.False(string.IsNullOrEmpty(ReceiptHandleOf(message)));
        });
        Assert.Equal(2, messages.Select(message => message["messageId"]!.GetValue<string>()).Distinct().Count());
        var handles = messages.Select(ReceiptHandleOf).ToList();

        Assert.Empty(await FetchAsync(owner, feed, FeedRequest(waitTimeSeconds: 0, delete: handles)));
        var marker = await StoreAsync(owner, NewObject(partition, "marker"));

        Assert.Equal([marker], (await FetchAsync(owner, feed, FeedRequest(visibleAgain: handles))).Select(PayloadOf));
    }

    [Fact]
    public async Task An_upsert_may_start_a_selection_at_the_beginning_and_order_the_feed()
    {
        var partition = await NewPartitionAsync();
        using var owner = Silo.As(Owner);
        var written = new[] { await StoreAsync(owner, NewObject(partition, "a")), await StoreAsync(owner, NewObject(partition, "b")) };
        var selection = Selection(partition);
        selection["start"] = "beginning";
        var name = $"feed-{Guid.NewGuid():N}";
        var upsert = UpsertFeedBody(name, Owner, [selection]);
        upsert["ordered"] = true;

        using var created = await owner.PostAsync("/object/v1/feeds/upsert", Json(upsert.ToJsonString()));

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var feed = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
        Assert.True(feed["ordered"]!.GetValue<bool>());
        var feedHash = IdHash(name, Owner).ToUrlSafe();
        var lag = JsonNode.Parse(await owner.GetStringAsync($"/object/v1/feeds/{feedHash}"))!["partitions"]![0]!;
        Assert.Equal((0L, 2L), (lag["ackedThrough"]!.GetValue<long>(), lag["backlog"]!.GetValue<long>()));
        var first = Assert.Single(await ReceiveAsync(feedHash, 1));
        Assert.Empty(await FetchAsync(owner, feedHash, FeedRequest(waitTimeSeconds: 0))); // Ordered: the next waits for the first.
        var second = await FetchAsync(owner, feedHash, FeedRequest(delete: [ReceiptHandleOf(first)]));
        Assert.Equal(written, new[] { first }.Concat(second).Select(PayloadOf));
    }

    [Fact]
    public async Task A_visibility_timeout_of_0_delivers_a_message_again_with_a_new_handle_and_only_the_latest_handle_acts()
    {
        var partition = await NewPartitionAsync();
        var feed = await NewFeedAsync(Selection(partition));
        using var owner = Silo.As(Owner);
        var written = await StoreAsync(owner, NewObject(partition, "item"));
        var delivered = Assert.Single(await ReceiveAsync(feed, 1));

        var again = Assert.Single(await FetchAsync(owner, feed, FeedRequest(waitTimeSeconds: 0, visibleAgain: [ReceiptHandleOf(delivered)])));

        Assert.Equal(delivered["messageId"]!.GetValue<string>(), again["messageId"]!.GetValue<string>());
        Assert.NotEqual(ReceiptHandleOf(delivered), ReceiptHandleOf(again));
        Assert.Equal(written, PayloadOf(again));

        // The first delivery's handle is stale: deleting by it changes nothing, so the latest handle still acts.
        Assert.Empty(await FetchAsync(owner, feed, FeedRequest(waitTimeSeconds: 0, delete: [ReceiptHandleOf(delivered)])));
        var third = Assert.Single(await FetchAsync(owner, feed, FeedRequest(waitTimeSeconds: 0, visibleAgain: [ReceiptHandleOf(again)])));
        Assert.Equal(delivered["messageId"]!.GetValue<string>(), third["messageId"]!.GetValue<string>());

        Assert.Empty(await FetchAsync(owner, feed, FeedRequest(waitTimeSeconds: 0, delete: [ReceiptHandleOf(third)])));
        var marker = await StoreAsync(owner, NewObject(partition, "marker"));
        Assert.Equal([marker], (await FetchAsync(owner, feed, FeedRequest(visibleAgain: [ReceiptHandleOf(third)]))).Select(PayloadOf));
    }

    [Fact]
    public async Task A_long_poll_answers_with_the_write_that_arrives_while_it_waits()
    {
        var partition = await NewPartitionAsync();
        var feed = await NewFeedAsync(Selection(partition));
        using var owner = Silo.As(Owner);
        using var writer = Silo.As(Owner);

        var poll = FetchAsync(owner, feed, FeedRequest(maxItems: 1, waitTimeSeconds: 20));
        var written = await StoreAsync(writer, NewObject(partition, "awaited"));

        Assert.Equal([written], (await poll).Select(PayloadOf));
    }

    [Fact]
    public async Task A_long_poll_on_a_feed_with_nothing_to_deliver_answers_an_empty_array_when_its_wait_ends()
    {
        var feed = await NewFeedAsync(Selection(await NewPartitionAsync()));
        using var owner = Silo.As(Owner);

        using var response = await owner.PostAsync($"/object/v1/feeds/{feed}/objects", Json("""{"waitTimeSeconds":1}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("[]\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Deprecated_partitionHashes_select_whole_partitions_alongside_partitionSelections()
    {
        var selected = await NewPartitionAsync();
        var whole = await NewPartitionAsync();
        using var owner = Silo.As(Owner);
        var upsert = UpsertFeedBody($"feed-{Guid.NewGuid():N}", Owner, [Selection(selected, "chat-")]);
        upsert["partitionHashes"] = new JsonArray(whole);
        using var created = await owner.PostAsync("/object/v1/feeds/upsert", Json(upsert.ToJsonString()));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var feed = HashOf(JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!.ToJsonString()).ToUrlSafe();

        await StoreAsync(owner, NewObject(selected, "audit-1"));
        var fromWhole = await StoreAsync(owner, NewObject(whole, "audit-1"));
        var fromSelected = await StoreAsync(owner, NewObject(selected, "chat-1"));

        // Partitions are delivered side by side, each in its own order.
        Assert.Equal(new[] { fromSelected, fromWhole }.Order(), (await ReceiveAsync(feed, 2)).Select(PayloadOf).Order());
    }

    [Fact]
    public async Task A_partition_named_both_ways_is_selected_once()
    {
        var partition = await NewPartitionAsync();
        using var owner = Silo.As(Owner);
        var upsert = UpsertFeedBody($"feed-{Guid.NewGuid():N}", Owner, [Selection(partition)]);
        upsert["partitionHashes"] = new JsonArray(partition);

        using var created = await owner.PostAsync("/object/v1/feeds/upsert", Json(upsert.ToJsonString()));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var feed = HashOf(JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!.ToJsonString()).ToUrlSafe();
        var written = await StoreAsync(owner, NewObject(partition, "once"));
        var marker = await StoreAsync(owner, NewObject(partition, "marker"));

        Assert.Equal([written, marker], (await ReceiveAsync(feed, 2)).Select(PayloadOf));
    }

    [Fact]
    public async Task A_sortKeyPrefix_keeps_only_the_writes_whose_sort_key_starts_with_it()
    {
        var partition = await NewPartitionAsync();
        var feed = await NewFeedAsync(Selection(partition, "chat-"));
        using var owner = Silo.As(Owner);

        await StoreAsync(owner, NewObject(partition, "audit-1"));
        await StoreAsync(owner, NewObject(partition, "cha"));
        var wanted = await StoreAsync(owner, NewObject(partition, "chat-1"));

        // The write that matches came last: received first, the ones before it were filtered out, not merely late.
        Assert.Equal([wanted], (await ReceiveAsync(feed, 1)).Select(PayloadOf));
    }

    [Fact]
    public async Task A_logical_delete_is_delivered_as_its_tombstone()
    {
        var partition = await NewPartitionAsync();
        var feed = await NewFeedAsync(Selection(partition));
        using var owner = Silo.As(Owner);

        var stored = await StoreAsync(owner, NewObject(partition, "doomed"));
        var tombstone = await StoreAsync(owner, Deletion(stored));

        var messages = await ReceiveAsync(feed, 2);
        Assert.Equal([stored, tombstone], messages.Select(PayloadOf));
        Assert.Equal("com.symphony.s2.model.object.DeletedApplicationObject", messages[1]["payload"]!["_type"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_fresh_feed_has_no_dead_letters_and_a_requeue_of_none_answers_0()
    {
        var feed = await NewFeedAsync(Selection(await NewPartitionAsync()));
        using var owner = Silo.As(Owner);

        using var list = await owner.GetAsync($"/object/v1/feeds/{feed}/deadLetters");
        using var requeueAll = await owner.PostAsync($"/object/v1/feeds/{feed}/deadLetters/requeue", null);
        using var requeueNone = await owner.PostAsync($"/object/v1/feeds/{feed}/deadLetters/requeue", Json("""{"messageIds":[]}"""));

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal("[]\n", await list.Content.ReadAsStringAsync());
        Assert.Equal("{\n  \"requeued\":0\n}\n", await requeueAll.Content.ReadAsStringAsync());
        Assert.Equal("{\n  \"requeued\":0\n}\n", await requeueNone.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_message_delivered_the_maximum_times_becomes_a_dead_letter_that_a_requeue_puts_back()
    {
        var partition = await NewPartitionAsync();
        var feed = await NewFeedAsync(Selection(partition));
        using var owner = Silo.As(Owner);
        using var reader = Silo.As(Reader);
        var written = await StoreAsync(owner, NewObject(partition, "poison"));
        var delivery = Assert.Single(await ReceiveAsync(feed, 1));
        var messageId = delivery["messageId"]!.GetValue<string>();

        // Each visibility timeout of 0 ends a delivery; the last one ended moves the message to the dead letters.
        for (var attempt = 1; attempt < new FeedOptions().MaxAttempts; attempt++)
        {
            delivery = Assert.Single(await FetchAsync(owner, feed, FeedRequest(waitTimeSeconds: 0, visibleAgain: [ReceiptHandleOf(delivery)])));
        }

        Assert.Empty(await FetchAsync(owner, feed, FeedRequest(waitTimeSeconds: 0, visibleAgain: [ReceiptHandleOf(delivery)])));
        var deadLetter = Assert.Single(JsonNode.Parse(await reader.GetStringAsync($"/object/v1/feeds/{feed}/deadLetters?limit=10"))!.AsArray())!.AsObject();
        Assert.Equal(["attempts", "deadSince", "messageId", "payload"], deadLetter.Select(member => member.Key));
        Assert.Equal(new FeedOptions().MaxAttempts, deadLetter["attempts"]!.GetValue<int>());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", deadLetter["deadSince"]!.GetValue<string>());
        Assert.Equal(messageId, deadLetter["messageId"]!.GetValue<string>());
        Assert.Equal(written, PayloadOf(deadLetter));

        using var requeue = await owner.PostAsync($"/object/v1/feeds/{feed}/deadLetters/requeue", Json(new JsonObject { ["messageIds"] = new JsonArray(messageId) }.ToJsonString()));

        Assert.Equal("{\n  \"requeued\":1\n}\n", await requeue.Content.ReadAsStringAsync());
        Assert.Equal("[]\n", await owner.GetStringAsync($"/object/v1/feeds/{feed}/deadLetters"));
        var requeued = Assert.Single(await ReceiveAsync(feed, 1));
        Assert.Equal(messageId, requeued["messageId"]!.GetValue<string>());
        Assert.Equal(written, PayloadOf(requeued));
    }
}
