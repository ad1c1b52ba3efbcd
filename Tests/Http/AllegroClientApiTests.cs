using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using ObjectStore.Feeds;
using ObjectStore.Objects;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Http;

/// <summary>
/// An unmodified Allegro application (the Java client, 0.6.x) against the store: each request replays one the client
/// sends, shaped as it sends it (SymphonyOSF/oss-allegro, allegro-api/src/main/java/com/symphony/oss/allegro/api/, cited
/// per request below as <c>api/File.java</c>): the entity's canonical text with <c>Content-Type: application/json;
/// charset=utf-8</c>, hashes in paths URL-safe and unpadded, hashes in bodies standard Base64.
/// </summary>
[Collection(SharedFixtures.SqliteHttpSilo), Kind(TestKind.Http), Backend(StorageProvider.Sqlite)]
public sealed class AllegroClientApiTests(HttpSiloFixture fixture) : HttpApiTestBase(fixture)
{
    private const string Api = "/object/v1";

    /// <summary>Allegro asks this limit of every page when the application sets no maximum (api/AllegroBaseApi.java, fetchPartitionObjects).</summary>
    private const int AllegroPageLimit = 2000;

    [Fact]
    public async Task The_ToDo_flow_pages_at_2000_following_after_walks_back_and_updates_and_deletes_as_the_client_expects()
    {
        using var owner = Silo.As(Owner);
        using var reader = Silo.As(Reader);
        var partition = await UpsertPartitionAsync(owner);
        var keys = Enumerable.Range(0, PageLimits.Max + 3).Select(index => $"2020-06-09T10:{index / 60:D2}:{index % 60:D2}.000Z").ToList();
        var stored = new List<string>();
        foreach (var key in keys)
        {
            // api/AllegroBaseApi.java, store: PUT /objects/{absoluteHash} with the object's canonical text.
            stored.Add(await SendOkAsync(owner, HttpMethod.Put, $"{Api}/objects/{InPath(HashOf(CanonicalText(NewObject(partition, key))))}", NewObject(partition, key)));
        }

        // api/AllegroBaseApi.java, fetchPartitionObjects: limit 2000 when no maximum is set, then after=cursors.after until none.
        var first = await PageAsync(reader, $"{Api}/partitions/{InPath(partition)}/page?limit={AllegroPageLimit}");
        Assert.Equal(stored[..PageLimits.Max], first.Data);
        Assert.Equal(keys[PageLimits.Max - 1], first.After);
        var second = await PageAsync(reader, $"{Api}/partitions/{InPath(partition)}/page?after={Uri.EscapeDataString(first.After!)}&limit={AllegroPageLimit}");
        Assert.Equal(stored[PageLimits.Max..], second.Data);
        Assert.Null(second.After);

        // api/AbstractObjectPage.java, PartitionObjectPage.java: the previous page is after=cursors.before&scanForwards=false;
        // the client then reverses the data and swaps the cursors.
        var previous = await PageAsync(reader, $"{Api}/partitions/{InPath(partition)}/page?after={Uri.EscapeDataString(second.Before!)}&scanForwards=false&limit={AllegroPageLimit}");
        Assert.Equal(stored[..PageLimits.Max], Enumerable.Reverse(previous.Data));
        Assert.Null(previous.After);

        // api/AllegroBaseApi.java, fetchCurrent and fetchAbsolute: GET /objects/{hash}?currentVersion=true|false.
        var item = stored[0];
        var baseHash = InPath(HashOf(item));
        Assert.Equal(item, await SendOkAsync(reader, HttpMethod.Get, $"{Api}/objects/{baseHash}?currentVersion=true"));
        Assert.Equal(item, await SendOkAsync(reader, HttpMethod.Get, $"{Api}/objects/{baseHash}?currentVersion=false"));

        var next = NextVersion(item, "updated");
        var updated = await SendOkAsync(owner, HttpMethod.Put, $"{Api}/objects/{InPath(HashOf(CanonicalText(next)))}", next);
        Assert.Equal(updated, await SendOkAsync(reader, HttpMethod.Get, $"{Api}/objects/{baseHash}?currentVersion=true"));

        // api/AllegroBaseApi.java, fetchObjectVersions: GET /objects/{hash}/versions?scanForwards&limit=maxItems.
        var versions = await PageAsync(reader, $"{Api}/objects/{baseHash}/versions?scanForwards=true&limit={AllegroPageLimit}");
        Assert.Equal([item, updated], versions.Data);

        // api/AllegroBaseApi.java, delete: a DeletedApplicationObject PUT at its hash; LOGICAL answers 410 on current reads.
        var tombstone = Deletion(updated);
        await SendOkAsync(owner, HttpMethod.Put, $"{Api}/objects/{InPath(HashOf(CanonicalText(tombstone)))}", tombstone);
        Assert.Equal(HttpStatusCode.Gone, (await SendAsync(reader, HttpMethod.Get, $"{Api}/objects/{baseHash}?currentVersion=true")).Status);

        var physical = Deletion(stored[1], "PHYSICAL");
        await SendOkAsync(owner, HttpMethod.Put, $"{Api}/objects/{InPath(HashOf(CanonicalText(physical)))}", physical);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(reader, HttpMethod.Get, $"{Api}/objects/{InPath(HashOf(stored[1]))}?currentVersion=false")).Status);
    }

    [Fact]
    public async Task A_transaction_sent_as_the_client_sends_it_stores_every_object()
    {
        using var owner = Silo.As(Owner);
        var partition = await UpsertPartitionAsync(owner);
        JsonNode[] objects = [NewObject(partition, "2020-06-09T10:08:19.092Z", "first"), NewObject(partition, "2020-06-09T11:46:04.460Z", "second")];

        // api/AllegroBaseApi.java, storeTransaction: POST /objects/transaction, a JSON array of the objects.
        await SendOkAsync(owner, HttpMethod.Post, $"{Api}/objects/transaction", new JsonArray([.. objects.Select(item => item.DeepClone())]));

        var page = await PageAsync(owner, $"{Api}/partitions/{InPath(partition)}/page?limit={AllegroPageLimit}");
        Assert.Equal(objects.Select(CanonicalText), page.Data);
    }

    [Fact]
    public async Task The_feed_cycle_fetches_acknowledges_extends_retries_and_deletes_as_the_client_does()
    {
        using var owner = Silo.As(Owner);
        var partition = await UpsertPartitionAsync(owner);
        var name = $"feed-{Guid.NewGuid():N}";
        var feedHash = IdHash(name, Owner);
        var feedPath = $"{Api}/feeds/{InPath(feedHash)}";
        var feedGrain = Silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IFeedGrain>(feedHash.Value);

        // api/AllegroBaseApi.java, upsertFeed; api/request/UpsertFeedRequest.java: expiryTime is a time to live in ms.
        var upsertedFrom = DateTimeOffset.UtcNow;
        var feed = JsonNode.Parse(await SendOkAsync(owner, HttpMethod.Post, $"{Api}/feeds/upsert", new JsonObject
        {
            ["_type"] = "com.symphony.s2.model.object.UpsertFeedRequest",
            ["_version"] = "1.0",
            ["expiryTime"] = 3_600_000,
            ["feedId"] = NamedUserId(name),
            ["partitionSelections"] = new JsonArray(new JsonObject
            {
                ["_type"] = "com.symphony.s2.model.object.PartitionSelection",
                ["_version"] = "1.0",
                ["partitionHash"] = partition,
            }),
            ["userPermissions"] = new JsonArray(),
        }))!;
        var expiry = DateTimeOffset.FromUnixTimeMilliseconds(feed["expiryTime"]!.GetValue<long>());
        Assert.InRange(expiry, upsertedFrom.AddHours(1).AddSeconds(-1), DateTimeOffset.UtcNow.AddHours(1));

        // api/AllegroBaseApi.java, refreshFeeds (api/AllegroSqsFeedsContainer.java keeps the answer until 40 s before
        // expirationDate): POST /feeds/endpoint with the feed hashes, before every fetch.
        var endpoint = JsonNode.Parse(await SendOkAsync(owner, HttpMethod.Post, $"{Api}/feeds/endpoint", new JsonArray(feedHash.Value)))!.AsObject();
        Assert.Equal(["_type", "_version", "directFetch", "endPoint", "expirationDate"], endpoint.Select(member => member.Key));
        Assert.False(endpoint["directFetch"]!.GetValue<bool>());
        var expirationDate = DateTimeOffset.Parse(endpoint["expirationDate"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        Assert.True(expirationDate > DateTimeOffset.UtcNow.AddMinutes(1), $"the endpoint expires at {expirationDate:O}");

        var first = await StoreAsync(owner, NewObject(partition, "first"));
        var second = await StoreAsync(owner, NewObject(partition, "second"));
        await Eventually.UntilAsync(async () => (await feedGrain.GetStatusAsync(Owner)).Pending == 2, "both writes reach the feed", TimeSpan.FromMinutes(1));

        // api/AllegroBaseApi.java, fetchFeedObjectsFromServerSync: {maxItems: query.maxItems or 1}, then one request that
        // only acknowledges what was handled: {maxItems: 0, waitTimeSeconds: 0, delete: [...]}.
        var fetched = Assert.Single(await FeedAsync(owner, feedPath, new JsonObject { ["maxItems"] = 1 }));
        Assert.Equal(first, PayloadOf(fetched));
        Assert.Empty(await FeedAsync(owner, feedPath, Acknowledgement(delete: ReceiptHandleOf(fetched))));
        var status = await feedGrain.GetStatusAsync(Owner);
        Assert.Equal((1, 0), (status.Pending, status.InFlight));

        // api/AllegroSubscriber.java: the async loop pulls {maxItems: 10, waitTimeSeconds: 20} and acknowledges each message.
        var delivered = Assert.Single(await FeedAsync(owner, feedPath, Pull()));
        Assert.Equal(second, PayloadOf(delivered));
        Assert.Empty(await FeedAsync(owner, feedPath, Acknowledgement(delete: ReceiptHandleOf(delivered))));

        // The feed is empty now: this long poll answers [] after 20 s unless the write lands while it waits.
        var poll = FeedAsync(owner, feedPath, Pull());
        var third = await StoreAsync(owner, NewObject(partition, "third"));
        var arrived = Assert.Single(await poll);
        Assert.Equal(third, PayloadOf(arrived));

        // api/AllegroSubscriber.java, extend: while a handler runs, {maxItems: 0, waitTimeSeconds: 0, extend: [30 s]}.
        Assert.Empty(await FeedAsync(owner, feedPath, Acknowledgement(extend: (ReceiptHandleOf(arrived), 30))));
        Assert.Equal(1, (await feedGrain.GetStatusAsync(Owner)).InFlight);

        // api/AllegroSubscriber.java: a failed handler's retry is an extend by retryTime / 1000 seconds (0 under a second);
        // the message comes back with its messageId, so oss-fugue counts the failures of one message.
        Assert.Empty(await FeedAsync(owner, feedPath, Acknowledgement(extend: (ReceiptHandleOf(arrived), 0))));
        var retried = Assert.Single(await FeedAsync(owner, feedPath, Pull()));
        Assert.Equal(arrived["messageId"]!.GetValue<string>(), retried["messageId"]!.GetValue<string>());
        Assert.NotEqual(ReceiptHandleOf(arrived), ReceiptHandleOf(retried));
        Assert.Empty(await FeedAsync(owner, feedPath, Acknowledgement(delete: ReceiptHandleOf(retried))));

        // api/AllegroBaseApi.java, deleteFeed: DELETE /feeds/{feedHash}; the next endpoint request finds no feed.
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(owner, HttpMethod.Delete, feedPath)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(owner, HttpMethod.Post, $"{Api}/feeds/endpoint", new JsonArray(feedHash.Value))).Status);
    }

    /// <summary>
    /// api/AllegroBaseApi.java, upsertPartition: a new partition of <see cref="HttpApiTestBase.Owner"/> with READ for
    /// <see cref="HttpApiTestBase.Reader"/>; returns its hash.
    /// </summary>
    private static async Task<string> UpsertPartitionAsync(HttpClient owner)
    {
        var partition = JsonNode.Parse(await SendOkAsync(owner, HttpMethod.Post, $"{Api}/partitions/upsert", new JsonObject
        {
            ["_type"] = "com.symphony.s2.model.object.UpsertPartitionRequest",
            ["_version"] = "1.0",
            ["partitionId"] = NamedUserId($"partition-{Guid.NewGuid():N}"),
            ["userPermissions"] = new JsonArray(new JsonObject
            {
                ["_type"] = "com.symphony.s2.model.object.UserPermissionsRequest",
                ["_version"] = "1.0",
                ["permissions"] = new JsonArray("READ"),
                ["userId"] = Reader,
            }),
        }))!;
        return HashOf(partition["id"]!.ToJsonString()).Value;
    }

    private static JsonObject NamedUserId(string name) => new()
    {
        ["_type"] = "com.symphony.s2.model.object.NamedUserIdObject",
        ["_version"] = "1.0",
        ["hashType"] = 1,
        ["name"] = name,
        ["userId"] = Owner,
    };

    /// <summary>api/AllegroSubscriber.java, blockingPull: the async subscriber's long poll.</summary>
    private static JsonObject Pull() => new() { ["maxItems"] = 10, ["waitTimeSeconds"] = 20 };

    /// <summary>api/AllegroSubscriber.java and api/AllegroBaseApi.java: a request that acknowledges or extends and fetches nothing.</summary>
    private static JsonObject Acknowledgement(string? delete = null, (string Handle, int Seconds)? extend = null)
    {
        var request = new JsonObject { ["maxItems"] = 0, ["waitTimeSeconds"] = 0 };
        if (delete is not null)
        {
            request["delete"] = new JsonArray(new JsonObject { ["_type"] = "com.symphony.s2.model.object.FeedObjectDelete", ["_version"] = "1.0", ["receiptHandle"] = delete });
        }

        if (extend is { } change)
        {
            request["extend"] = new JsonArray(new JsonObject
            {
                ["_type"] = "com.symphony.s2.model.object.FeedObjectExtend",
                ["_version"] = "1.0",
                ["receiptHandle"] = change.Handle,
                ["visibilityTimeout"] = change.Seconds,
            });
        }

        return request;
    }

    /// <summary>A FeedRequest (its Canon type and version added) to <c>POST /feeds/{hash}/objects</c>; returns the FeedObjects.</summary>
    private static async Task<List<JsonObject>> FeedAsync(HttpClient client, string feedPath, JsonObject request)
    {
        request["_type"] = "com.symphony.s2.model.object.FeedRequest";
        request["_version"] = "1.0";
        var answer = await SendOkAsync(client, HttpMethod.Post, $"{feedPath}/objects", request);
        return [.. JsonNode.Parse(answer)!.AsArray().Select(message => message!.AsObject())];
    }

    private static async Task<(List<string> Data, string? Before, string? After)> PageAsync(HttpClient client, string path)
    {
        var page = JsonNode.Parse(await SendOkAsync(client, HttpMethod.Get, path))!;
        var cursors = page["pagination"]!["cursors"]!;
        return ([.. page["data"]!.AsArray().Select(item => CanonicalText(item!))], cursors["before"]?.GetValue<string>(), cursors["after"]?.GetValue<string>());
    }

    private static async Task<string> SendOkAsync(HttpClient client, HttpMethod method, string path, JsonNode? body = null)
    {
        var (status, text) = await SendAsync(client, method, path, body);
        Assert.True(status == HttpStatusCode.OK, $"{method} {path} answered {(int)status}: {text}");
        return text;
    }

    /// <summary>Sends as the client's Canon HTTP client does: the body's canonical text, typed <c>application/json; charset=utf-8</c>.</summary>
    private static async Task<(HttpStatusCode Status, string Text)> SendAsync(HttpClient client, HttpMethod method, string path, JsonNode? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(CanonicalText(body), Encoding.UTF8, "application/json");
            Assert.Equal("application/json; charset=utf-8", request.Content.Headers.ContentType!.ToString());
        }

        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A hash as the client puts it in a path: URL-safe Base64 without padding (commons-codec encodeBase64URLSafeString).</summary>
    private static string InPath(Hash hash) => hash.ToUrlSafe().TrimEnd('=');

    private static string InPath(string hash) => InPath(Hash.Parse(hash, "hash"));

}
