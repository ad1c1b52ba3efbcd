using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ObjectStore.Objects;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Http;

/// <summary>
/// The feed requests the store refuses: for permissions, for what does not exist, and for being malformed. Each is
/// refused with its status and problem code and changes nothing: the feed stays as it was, and the message waiting in
/// it is still there for the next long poll (a refused fetch that had been taken would have made it invisible).
/// </summary>
[Collection(SharedFixtures.SqliteHttpSilo), Kind(TestKind.Http), Backend(StorageProvider.Sqlite)]
public sealed class FeedRefusalTests(HttpSiloFixture fixture) : RefusalTestBase(fixture)
{
    private const string Upsert = "/object/v1/feeds/upsert";
    private const string Feed = "/object/v1/feeds/{Fu}";
    private const string Fetch = "/object/v1/feeds/{Fu}/objects";
    private const string DeadLetters = "/object/v1/feeds/{Fu}/deadLetters";
    private const string Requeue = "/object/v1/feeds/{Fu}/deadLetters/requeue";
    private const string Endpoint = "/object/v1/feeds/endpoint";
    private const string FeedRequestType = "com.symphony.s2.model.object.FeedRequest";
    private const string UpsertFeedType = "com.symphony.s2.model.object.UpsertFeedRequest";
    private const HttpStatusCode Invalid = HttpStatusCode.BadRequest;

    // The limit HttpSiloFixture sets: Http:MaxRequestBytes.
    private const int MaxRequestBytes = 131072;

    /// <summary>Stands for a string one byte longer than Http:MaxRequestBytes.</summary>
    private const string OverRequestLimit = "{PAD}";

    [Fact]
    public async Task A_reader_the_feed_lists_may_read_and_fetch_but_not_redefine_delete_or_requeue_it()
    {
        var scene = await NewFeedSceneAsync();
        var before = await StateOfAsync(scene);
        using var reader = Silo.As(Reader);

        using var read = await reader.GetAsync(scene.Fill(Feed));
        using var deadLetters = await reader.GetAsync(scene.Fill(DeadLetters));
        using var delete = await reader.DeleteAsync(scene.Fill(Feed));
        using var upsert = await reader.PostAsync(Upsert, Json(scene.Fill(UpsertBody())));
        using var requeue = await reader.PostAsync(scene.Fill(Requeue), null);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK], [read.StatusCode, deadLetters.StatusCode]);
        await ReadProblemAsync(delete, HttpStatusCode.Forbidden, "forbidden");
        await ReadProblemAsync(upsert, HttpStatusCode.Forbidden, "forbidden");
        await ReadProblemAsync(requeue, HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(before, await StateOfAsync(scene));
        Assert.Equal([scene.Pending], (await FetchAsync(reader, scene.Feed, FeedRequest(maxItems: 1))).Select(PayloadOf));
    }

    [Fact]
    public async Task A_user_the_feed_does_not_list_is_403_forbidden_on_every_feed_endpoint()
    {
        var scene = await NewFeedSceneAsync();
        var before = await StateOfAsync(scene);
        using var stranger = Silo.As(Stranger);

        using var fetch = await stranger.PostAsync(scene.Fill(Fetch), Json(FeedRequest().ToJsonString()));
        using var read = await stranger.GetAsync(scene.Fill(Feed));
        using var deadLetters = await stranger.GetAsync(scene.Fill(DeadLetters));
        using var delete = await stranger.DeleteAsync(scene.Fill(Feed));
        using var requeue = await stranger.PostAsync(scene.Fill(Requeue), null);
        using var endpoint = await stranger.PostAsync(Endpoint, Json($"[\"{IdHash(scene.Name, Owner).Value}\"]"));

        foreach (var response in new[] { fetch, read, deadLetters, delete, requeue, endpoint })
        {
            await ReadProblemAsync(response, HttpStatusCode.Forbidden, "forbidden");
        }

        await AssertUnchangedAsync(scene, before);
    }

    /// <summary>
    /// Who asks to create whose feed, whether it also selects a partition that does not exist, and the answer: status,
    /// problem code and a part of the detail.
    /// </summary>
    public static TheoryData<string, long, long, bool, HttpStatusCode, string, string> RefusedCreations => new()
    {
        { "a feed on a partition its owner may not read", Stranger, Stranger, false, HttpStatusCode.Forbidden, "forbidden", "does not have READ permission" },
        { "a feed on a partition its owner may write but not read", Writer, Writer, false, HttpStatusCode.Forbidden, "forbidden", "does not have READ permission" },
        { "a feed whose id names another user", Reader, Owner, false, HttpStatusCode.Forbidden, "forbidden", "whose id the feed ID names" },
        { "a feed that also selects a partition that does not exist", Owner, Owner, true, HttpStatusCode.NotFound, "not-found", "There is no partition" },
    };

    [Theory]
    [MemberData(nameof(RefusedCreations))]
    public async Task A_feed_refused_at_its_creation_does_not_exist_afterwards(
        string refusal, long caller, long feedOwner, bool selectsUnknownPartition, HttpStatusCode status, string code, string mentions)
    {
        var scene = await NewSceneAsync();
        var name = $"feed-{Guid.NewGuid():N}";
        JsonObject[] selections = selectsUnknownPartition ? [Selection(scene.Partition), Selection(UnknownHash().Value)] : [Selection(scene.Partition)];
        using var client = Silo.As(caller);
        using var owner = Silo.As(feedOwner);

        using var response = await client.PostAsync(Upsert, Json(UpsertFeedBody(name, feedOwner, selections).ToJsonString()));

        await AssertProblemAsync(response, status, code, mentions, refusal);
        await AssertNoFeedAsync(owner, IdHash(name, feedOwner).ToUrlSafe());
    }

    [Fact]
    public async Task A_deleted_feed_answers_204_then_404_not_found_everywhere_as_a_feed_never_created_does()
    {
        var scene = await NewFeedSceneAsync();
        using var owner = Silo.As(Owner);

        using var deleted = await owner.DeleteAsync(scene.Fill(Feed));

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty(await deleted.Content.ReadAsByteArrayAsync());
        await AssertNoFeedAsync(owner, scene.Feed);
        await AssertNoFeedAsync(owner, UnknownHash().ToUrlSafe());
    }

    /// <summary>
    /// What is wrong, the request (templates for <see cref="FeedScene.Fill"/>), and the answer: status, problem code, and
    /// a part of the detail.
    /// </summary>
    public static TheoryData<string, string, string, string?, HttpStatusCode, string, string> MalformedFeedRequests() => new()
    {
        { "maxItems of -1", "POST", Fetch, FetchBody(maxItems: "-1"), Invalid, "invalid", "'maxItems' must be between 0 (acknowledge only) and 10" },
        { "maxItems of 11", "POST", Fetch, FetchBody(maxItems: "11"), Invalid, "invalid", "'maxItems' must be between 0 (acknowledge only) and 10" },
        { "maxItems that is a string", "POST", Fetch, FetchBody(maxItems: "\"x\""), Invalid, "invalid", "'maxItems' must be a 32-bit integer" },
        { "maxItems with a fraction", "POST", Fetch, FetchBody(maxItems: "1.5"), Invalid, "invalid", "'maxItems' must be a 32-bit integer" },
        { "waitTimeSeconds of -1", "POST", Fetch, FetchBody(wait: "-1"), Invalid, "invalid", "'waitTimeSeconds' must be between 0 and 20" },
        { "waitTimeSeconds of 21", "POST", Fetch, FetchBody(wait: "21"), Invalid, "invalid", "'waitTimeSeconds' must be between 0 and 20" },
        { "waitTimeSeconds that is a string", "POST", Fetch, FetchBody(wait: "\"20\""), Invalid, "invalid", "'waitTimeSeconds' must be a 32-bit integer" },
        { "a visibilityTimeout of -1", "POST", Fetch, FetchBody(more: ""","extend":[{"receiptHandle":"00","visibilityTimeout":-1}]"""), Invalid, "invalid", "'visibilityTimeout' must be between 0 and" },
        { "an extend without a visibilityTimeout", "POST", Fetch, FetchBody(more: ""","extend":[{"receiptHandle":"00"}]"""), Invalid, "invalid", "'extend[0].visibilityTimeout' is required" },
        { "an extend without a receiptHandle", "POST", Fetch, FetchBody(more: ""","extend":[{"visibilityTimeout":0}]"""), Invalid, "invalid", "'extend[0].receiptHandle' is required" },
        { "an extend that is not an array", "POST", Fetch, FetchBody(more: ""","extend":"00" """), Invalid, "invalid", "'extend' must be an array" },
        { "an empty receiptHandle to delete", "POST", Fetch, FetchBody(more: ""","delete":[{"receiptHandle":""}]"""), Invalid, "invalid", "needs its 'receiptHandle'" },
        { "a receiptHandle that is a number", "POST", Fetch, FetchBody(more: ""","delete":[{"receiptHandle":42}]"""), Invalid, "invalid", "'delete[0].receiptHandle' must be a string" },
        { "a delete that is not an array", "POST", Fetch, FetchBody(more: ""","delete":{"receiptHandle":"00"}"""), Invalid, "invalid", "'delete' must be an array" },
        { "a delete of a bare receipt handle", "POST", Fetch, FetchBody(more: ""","delete":["00"]"""), Invalid, "invalid", "'delete[0]' must be a JSON object" },
        { "a delete of another _type", "POST", Fetch, FetchBody(more: ""","delete":[{"_type":"com.symphony.s2.model.object.FeedObjectExtend","receiptHandle":"00"}]"""), Invalid, "invalid", "'delete[0]' has _type" },
        { "101 receipt handles to delete", "POST", Fetch, FetchBody(more: ",\"delete\":[" + string.Join(",", Enumerable.Repeat("{\"receiptHandle\":\"00\"}", 101)) + "]"), Invalid, "invalid", "at most 100" },
        { "a feed request of another _type", "POST", Fetch, FetchBody(type: UpsertFeedType), Invalid, "invalid", $"this takes a {FeedRequestType}" },
        { "a truncated feed request", "POST", Fetch, FetchBody()[..^1], Invalid, "invalid", "not valid JSON" },
        { "an empty feed request", "POST", Fetch, "", Invalid, "invalid", "not valid JSON" },
        { "a feed request that is a JSON array", "POST", Fetch, $"[{FetchBody()}]", Invalid, "invalid", "must be a JSON object" },
        { "a feed request over the request limit", "POST", Fetch, FetchBody(more: $$""","padding":"{{OverRequestLimit}}" """), HttpStatusCode.RequestEntityTooLarge, "too-large", "131072" },
        { "a fetch from a feed hash that is not Base64", "POST", "/object/v1/feeds/not!base64/objects", FetchBody(), Invalid, "invalid", "'feedHash' is not a valid hash" },
        { "a delete of a feed hash of 3 bytes", "DELETE", "/object/v1/feeds/AAAA", null, Invalid, "invalid", "'feedHash' is not a valid hash" },

        { "an upsert without feedId", "POST", Upsert, UpsertBody(feedId: ""), Invalid, "invalid", "'feedId' is required" },
        { "a feedId that is a string", "POST", Upsert, UpsertBody(feedId: "\"feedId\":\"{F}\","), Invalid, "invalid", "'feedId' must be a JSON object" },
        { "a feedId of another _type", "POST", Upsert, UpsertBody(feedId: FeedId(type: "com.symphony.s2.model.object.Partition")), Invalid, "invalid", "'feedId' has _type" },
        { "a feed owner that is not an integer", "POST", Upsert, UpsertBody(feedId: FeedId(owner: "\"owner\"")), Invalid, "invalid", "'feedId.userId'" },
        { "an upsert of another _type", "POST", Upsert, UpsertBody(type: UpsertType), Invalid, "invalid", $"this takes a {UpsertFeedType}" },
        { "no selections", "POST", Upsert, UpsertBody(selections: "null"), Invalid, "invalid", "A feed selects 1 to 100 partitions" },
        { "an empty partitionSelections", "POST", Upsert, UpsertBody(selections: "[]"), Invalid, "invalid", "A feed selects 1 to 100 partitions" },
        { "partitionSelections that is not an array", "POST", Upsert, UpsertBody(selections: """{"partitionHash":"{P}"}"""), Invalid, "invalid", "'partitionSelections' must be an array" },
        { "a partitionHash that is not Base64", "POST", Upsert, UpsertBody(selections: """[{"partitionHash":"not Base64!"}]"""), Invalid, "invalid", "'partitionSelections[0].partitionHash' is not a valid hash" },
        { "a selection without a partitionHash", "POST", Upsert, UpsertBody(selections: """[{"sortKeyPrefix":"a"}]"""), Invalid, "invalid", "'partitionSelections[0].partitionHash' is required" },
        { "a selection of another _type", "POST", Upsert, UpsertBody(selections: """[{"_type":"com.symphony.s2.model.object.Partition","partitionHash":"{P}"}]"""), Invalid, "invalid", "'partitionSelections[0]' has _type" },
        { "a sortKeyPrefix that is a number", "POST", Upsert, UpsertBody(selections: """[{"partitionHash":"{P}","sortKeyPrefix":7}]"""), Invalid, "invalid", "'partitionSelections[0].sortKeyPrefix' must be a string" },
        { "a sortKeyPrefix with a control character", "POST", Upsert, UpsertBody(selections: """[{"partitionHash":"{P}","sortKeyPrefix":"a\u0001"}]"""), Invalid, "invalid", "'partitionSelections[0].sortKeyPrefix' must not contain control characters" },
        { "the same selection twice", "POST", Upsert, UpsertBody(selections: """[{"partitionHash":"{P}"},{"partitionHash":"{P}"}]"""), Invalid, "invalid", "selected more than once" },
        { "a deprecated partitionHash of 3 bytes", "POST", Upsert, UpsertBody(selections: "[]", more: ""","partitionHashes":["AAAA"]"""), Invalid, "invalid", "'partitionHashes[0]' is not a valid hash" },
        { "a reader given WRITE", "POST", Upsert, UpsertBody(permissions: "\"READ\",\"WRITE\""), Invalid, "invalid", "READ is the only permission on a feed" },
        { "a permission in lower case", "POST", Upsert, UpsertBody(permissions: "\"read\""), Invalid, "invalid", "a permission is \"READ\" or \"WRITE\"" },
        { "the owner listed as a reader", "POST", Upsert, UpsertBody(reader: Owner.ToString(CultureInfo.InvariantCulture)), Invalid, "invalid", "do not list them" },
        { "an expiryTime that is a string", "POST", Upsert, UpsertBody(expiry: "\"2100-01-01T00:00:00Z\""), Invalid, "invalid", "'expiryTime' must be an integer number of milliseconds" },
        { "an expiryTime after the year 9999", "POST", Upsert, UpsertBody(expiry: "253402300800000"), Invalid, "invalid", "'expiryTime' must be an integer number of milliseconds" },
        { "an expiryTime of a second, a time to live under a minute", "POST", Upsert, UpsertBody(expiry: "1000"), Invalid, "invalid", "'expiryTime' as a time to live must be 60000 to 432000000 milliseconds" },
        { "an expiryTime of 0", "POST", Upsert, UpsertBody(expiry: "0"), Invalid, "invalid", "'expiryTime' as a time to live must be 60000 to 432000000 milliseconds" },
        { "a negative expiryTime", "POST", Upsert, UpsertBody(expiry: "-60000"), Invalid, "invalid", "'expiryTime' as a time to live must be 60000 to 432000000 milliseconds" },
        { "an expiryTime just over five days, a time in 1970", "POST", Upsert, UpsertBody(expiry: "432000001"), Invalid, "invalid", "'expiryTime' must be in the future" },
        { "a start before the log", "POST", Upsert, UpsertBody(selections: """[{"partitionHash":"{P}","start":-1}]"""), Invalid, "invalid", "'partitionSelections[0].start' as a log position must be 0 or more" },
        { "a start after the log's end", "POST", Upsert, UpsertBody(selections: """[{"partitionHash":"{P}","start":1000000}]"""), Invalid, "invalid", "a feed cannot start after 1000000" },
        { "a start that is a fraction", "POST", Upsert, UpsertBody(selections: """[{"partitionHash":"{P}","start":1.5}]"""), Invalid, "invalid", "'partitionSelections[0].start' as a log position must be a 64-bit integer" },
        { "a start that is a word of no meaning", "POST", Upsert, UpsertBody(selections: """[{"partitionHash":"{P}","start":"yesterday"}]"""), Invalid, "invalid", "'partitionSelections[0].start' must be \"now\", \"beginning\"" },
        { "a start time without its offset", "POST", Upsert, UpsertBody(selections: """[{"partitionHash":"{P}","start":"2020-01-01T00:00:00"}]"""), Invalid, "invalid", "an ISO-8601 time with its offset" },
        { "a start time in the future", "POST", Upsert, UpsertBody(selections: """[{"partitionHash":"{P}","start":"2999-01-01T00:00:00Z"}]"""), Invalid, "invalid", "as a time must not be in the future" },
        { "a start that is an object", "POST", Upsert, UpsertBody(selections: """[{"partitionHash":"{P}","start":{"time":"2020-01-01T00:00:00Z"}}]"""), Invalid, "invalid", "'partitionSelections[0].start' must be a string" },
        { "two starts for one partition", "POST", Upsert, UpsertBody(selections: """[{"partitionHash":"{P}","sortKeyPrefix":"a","start":"beginning"},{"partitionHash":"{P}","start":1}]"""), Invalid, "invalid", "must start alike" },
        { "a firehose start of no meaning", "POST", Upsert, UpsertBody(more: ""","firehose":"yesterday" """), Invalid, "invalid", "'firehose' must be \"now\" or \"beginning\"" },
        { "a feed of partitions made a firehose feed", "POST", Upsert, UpsertBody(more: ""","firehose":"now" """), Invalid, "invalid", "a feed cannot change between selecting the whole store and selecting partitions" },
        { "ordered that is a string", "POST", Upsert, UpsertBody(more: ""","ordered":"yes" """), Invalid, "invalid", "'ordered' must be true or false" },
        { "a truncated upsert", "POST", Upsert, UpsertBody()[..^1], Invalid, "invalid", "not valid JSON" },
        { "an upsert with a duplicate member", "POST", Upsert, UpsertBody(more: ""","expiryTime":1"""), Invalid, "invalid", "not valid JSON" },
        { "an upsert with bytes that are not UTF-8", "POST", Upsert, UpsertBody(feedId: FeedId(name: $"{{F}}{InvalidUtf8}")), Invalid, "invalid", "not valid UTF-8" },
        { "an upsert over the request limit", "POST", Upsert, UpsertBody(more: $$""","padding":"{{OverRequestLimit}}" """), HttpStatusCode.RequestEntityTooLarge, "too-large", "131072" },

        { "an endpoint request that is an object", "POST", Endpoint, "{\"feedHash\":\"{P}\"}", Invalid, "invalid", "must be a JSON array of feed hashes" },
        { "an endpoint request naming no feed", "POST", Endpoint, "[]", Invalid, "invalid", "Name 1 to 100 feed hashes, was 0" },
        { "an endpoint request naming 101 feeds", "POST", Endpoint, "[" + string.Join(",", Enumerable.Repeat("\"{P}\"", 101)) + "]", Invalid, "invalid", "Name 1 to 100 feed hashes, was 101" },
        { "an endpoint request naming a number", "POST", Endpoint, "[42]", Invalid, "invalid", "'[0]' must be a string" },
        { "an endpoint request naming a hash that is not Base64", "POST", "/object/v1/feeds/credentials", "[\"not Base64!\"]", Invalid, "invalid", "'[0]' is not a valid hash" },
        { "a truncated endpoint request", "POST", Endpoint, "[\"{P}\"", Invalid, "invalid", "not valid JSON" },

        { "a dead-letter limit of 0", "GET", $"{DeadLetters}?limit=0", null, Invalid, "invalid", "'limit' must be between 1 and 1000" },
        { "a dead-letter limit of 1001", "GET", $"{DeadLetters}?limit=1001", null, Invalid, "invalid", "'limit' must be between 1 and 1000" },
        { "a dead-letter limit that is not a number", "GET", $"{DeadLetters}?limit=ten", null, Invalid, "invalid", "limit" },
        { "a requeue of a message id that is not one", "POST", Requeue, """{"messageIds":["abc"]}""", Invalid, "invalid", "is not a feed message id" },
        { "a requeue of a message id that is a number", "POST", Requeue, """{"messageIds":[42]}""", Invalid, "invalid", "'messageIds[0]' must be a string" },
        { "message ids that are not an array", "POST", Requeue, """{"messageIds":"abc"}""", Invalid, "invalid", "'messageIds' must be an array" },
        { "a requeue that is a JSON array", "POST", Requeue, "[]", Invalid, "invalid", "must be a JSON object" },
    };

    [Theory]
    [MemberData(nameof(MalformedFeedRequests))]
    public async Task A_malformed_feed_request_is_refused_with_its_problem_and_changes_nothing(
        string malformation, string method, string path, string? body, HttpStatusCode status, string code, string mentions)
    {
        var scene = await NewFeedSceneAsync();
        var before = await StateOfAsync(scene);
        using var owner = Silo.As(Owner);
        using var request = new HttpRequestMessage(new HttpMethod(method), scene.Fill(path))
        {
            Content = body is null ? null : BodyOf(scene.Fill(body).Replace(OverRequestLimit, new string('x', MaxRequestBytes + 1), StringComparison.Ordinal)),
        };

        using var response = await owner.SendAsync(request);

        await AssertProblemAsync(response, status, code, mentions, malformation);
        await AssertUnchangedAsync(scene, before);
    }

    [Fact]
    public async Task The_requests_of_the_table_are_taken_when_nothing_is_wrong_with_them()
    {
        var scene = await NewFeedSceneAsync();
        using var owner = Silo.As(Owner);
        using var stranger = Silo.As(Stranger);

        using var fetch = await owner.PostAsync(scene.Fill(Fetch), BodyOf(scene.Fill(FetchBody())));
        using var upsert = await owner.PostAsync(Upsert, BodyOf(scene.Fill(UpsertBody())));
        using var requeue = await owner.PostAsync(scene.Fill(Requeue), BodyOf("""{"messageIds":[]}"""));
        using var deadLetters = await owner.GetAsync(scene.Fill($"{DeadLetters}?limit=1000"));

        Assert.Equal(
            [HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK],
            [fetch.StatusCode, upsert.StatusCode, requeue.StatusCode, deadLetters.StatusCode]);
        var fetched = JsonNode.Parse(await fetch.Content.ReadAsStringAsync())!.AsArray();
        Assert.Equal([scene.Pending], fetched.Select(message => PayloadOf(message!.AsObject())));
        var feed = JsonNode.Parse(await stranger.GetStringAsync(scene.Fill(Feed)))!;
        Assert.Equal(4102444800000, feed["expiryTime"]!.GetValue<long>());
    }

    /// <summary>
    /// A partition with one object (the scene) that <see cref="HttpApiTestBase.Stranger"/> may read too, a feed of
    /// <see cref="HttpApiTestBase.Owner"/> on it that <see cref="HttpApiTestBase.Reader"/> reads, and a message waiting in it.
    /// </summary>
    private async Task<FeedScene> NewFeedSceneAsync()
    {
        var scene = await NewSceneAsync();
        var name = $"feed-{Guid.NewGuid():N}";
        var feed = await NewFeedAsync(name, [Selection(scene.Partition)]);
        using var owner = Silo.As(Owner);
        // The stranger may read the partition, so that only the feed's own permissions keep them out of it.
        using var granted = await owner.PostAsync("/object/v1/partitions/upsert", Json(UpsertPartitionBody(scene.Name, Owner, (Stranger, ["READ"]))));
        Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
        var pending = await StoreAsync(owner, NewObject(scene.Partition, "pending"));
        return new FeedScene(scene, name, feed, pending);
    }

    /// <summary>The scene's state, and the feed as its owner, a stranger and its dead letters show it.</summary>
    private async Task<string> StateOfAsync(FeedScene scene)
    {
        var state = new StringBuilder(await StateOfAsync(scene.Scene));
        foreach (var (user, path) in new[] { (Owner, Feed), (Stranger, Feed), (Owner, DeadLetters) })
        {
            using var client = Silo.As(user);
            using var response = await client.GetAsync(scene.Fill(path));
            var body = response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : "";
            state.Append(CultureInfo.InvariantCulture, $"GET {path} as {user}: {(int)response.StatusCode}\n{body}\n");
        }

        return state.ToString();
    }

    /// <summary>The state is as before, and the waiting message was not delivered: it is the next one a long poll gets.</summary>
    private async Task AssertUnchangedAsync(FeedScene scene, string before)
    {
        Assert.Equal(before, await StateOfAsync(scene));
        Assert.Equal([scene.Pending], (await ReceiveAsync(scene.Feed, 1)).Select(PayloadOf));
    }

    /// <summary>Every endpoint of the feed answers 404, as for a feed that was never created.</summary>
    private static async Task AssertNoFeedAsync(HttpClient client, string feed)
    {
        using var fetch = await client.PostAsync($"/object/v1/feeds/{feed}/objects", Json(FeedRequest(waitTimeSeconds: 0).ToJsonString()));
        using var read = await client.GetAsync($"/object/v1/feeds/{feed}");
        using var deadLetters = await client.GetAsync($"/object/v1/feeds/{feed}/deadLetters");
        using var delete = await client.DeleteAsync($"/object/v1/feeds/{feed}");
        using var requeue = await client.PostAsync($"/object/v1/feeds/{feed}/deadLetters/requeue", null);
        using var endpoint = await client.PostAsync(Endpoint, Json($"[\"{Hash.Parse(feed, "feed").Value}\"]"));

        foreach (var response in new[] { fetch, read, deadLetters, delete, requeue, endpoint })
        {
            await ReadProblemAsync(response, HttpStatusCode.NotFound, "not-found");
        }
    }

    /// <summary>A FeedRequest that would take the waiting message if it were taken.</summary>
    private static string FetchBody(string type = FeedRequestType, string maxItems = "1", string wait = "20", string more = "") =>
        $$"""{"_type":"{{type}}","maxItems":{{maxItems}},"waitTimeSeconds":{{wait}}{{more}}}""";

    /// <summary>An upsert of the scene's feed that would give <see cref="HttpApiTestBase.Stranger"/> READ and a new expiry if it were taken.</summary>
    private static string UpsertBody(
        string type = UpsertFeedType, string? feedId = null, string selections = """[{"_type":"com.symphony.s2.model.object.PartitionSelection","partitionHash":"{P}"}]""",
        string reader = "1003", string permissions = "\"READ\"", string expiry = "4102444800000", string more = "") =>
        $$"""{"_type":"{{type}}",{{feedId ?? FeedId()}}"partitionSelections":{{selections}},"userPermissions":[{"userId":{{reader}},"permissions":[{{permissions}}]}],"expiryTime":{{expiry}}{{more}}}""";

    /// <summary>The scene feed's feedId member, followed by a comma.</summary>
    private static string FeedId(string type = PartitionIdType, string name = "{F}", string? owner = null) =>
        $$"""
        "feedId":{"_type":"{{type}}","name":"{{name}}","userId":{{owner ?? Owner.ToString(CultureInfo.InvariantCulture)}}},
        """;

    /// <param name="Name">The feed's name (its id is {name, Owner}).</param>
    /// <param name="Feed">The feed hash, URL-safe.</param>
    /// <param name="Pending">The canonical JSON of the object written after the feed was created, whose message waits in it.</param>
    private sealed record FeedScene(Scene Scene, string Name, string Feed, string Pending)
    {
        /// <summary>Fills a template as <see cref="RefusalTestBase.Scene.Fill"/> does, and {F} the feed's name and {Fu} its hash.</summary>
        public string Fill(string template) => Scene.Fill(template)
            .Replace("{F}", Name, StringComparison.Ordinal)
            .Replace("{Fu}", Feed, StringComparison.Ordinal);
    }
}
