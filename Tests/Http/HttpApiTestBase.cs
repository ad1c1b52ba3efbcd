using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ObjectStore.Objects;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Http;

/// <summary>
/// Requests and bodies of the REST model, for tests over real HTTP. The silo is shared by test classes, so each test
/// works in partitions of its own (a fresh name) and checks what it wrote through the API itself.
/// </summary>
public abstract class HttpApiTestBase(HttpSiloFixture fixture)
{
    protected const long Owner = 351775001412007;
    protected const long Reader = 1001;
    protected const long Writer = 1002;
    protected const long Stranger = 1003;
    protected const string ThreadId = "+ZNefHakKm9vK7WREHHLEn///pEOR60jdA==";

    protected HttpSilo Silo => fixture.Silo;

    /// <summary>Upserts a new partition of <see cref="Owner"/> (READ for <see cref="Reader"/>, WRITE for <see cref="Writer"/>); returns its hash.</summary>
    protected async Task<string> NewPartitionAsync(string? name = null)
    {
        using var owner = Silo.As(Owner);
        using var response = await owner.PostAsync("/object/v1/partitions/upsert", Json(UpsertPartitionBody(name ?? $"partition-{Guid.NewGuid():N}", Owner,
            (Reader, ["READ"]), (Writer, ["WRITE"]))));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var partition = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return HashOf(partition["id"]!.ToJsonString()).Value;
    }

    protected static string UpsertPartitionBody(string name, long owner, params (long UserId, string[] Permissions)[] users) => new JsonObject
    {
        ["_type"] = "com.symphony.s2.model.object.UpsertPartitionRequest",
        ["partitionId"] = new JsonObject { ["_type"] = "com.symphony.s2.model.object.NamedUserIdObject", ["name"] = name, ["userId"] = owner },
        ["userPermissions"] = new JsonArray([.. users.Select(user => new JsonObject
        {
            ["userId"] = user.UserId,
            ["permissions"] = new JsonArray([.. user.Permissions.Select(permission => JsonValue.Create(permission))]),
        })]),
    }.ToJsonString();

    /// <summary>A first version: a StoredApplicationObject with the fields the Allegro examples send.</summary>
    protected static JsonObject NewObject(string partitionHash, string sortKey, string payload = "payload") => new()
    {
        ["_type"] = "com.symphony.s2.model.object.StoredApplicationObject",
        ["_version"] = "1.0",
        ["cipherSuiteId"] = "RSA2048_AES256",
        ["createdDate"] = "2020-06-09T10:08:19.858Z",
        ["encryptedPayload"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(payload)),
        ["hashType"] = 1,
        ["header"] = new JsonObject { ["_type"] = "com.example.ToDoHeader", ["_version"] = "1.0", ["requestingUser"] = Owner },
        ["owner"] = Owner,
        ["partitionHash"] = partitionHash,
        ["rotationId"] = 0,
        ["sortKey"] = sortKey,
        ["threadId"] = ThreadId,
    };

    /// <summary>The next version of <paramref name="previous"/> (its JSON as stored), with a new payload and optionally a new sort key.</summary>
    protected static JsonObject NextVersion(string previous, string payload, string? sortKey = null)
    {
        var current = JsonNode.Parse(previous)!.AsObject();
        var next = current.DeepClone().AsObject();
        next["baseHash"] = current["baseHash"]?.GetValue<string>() ?? HashOf(previous).Value;
        next["prevHash"] = HashOf(previous).Value;
        next["prevSortKey"] = current["sortKey"]!.GetValue<string>();
        next["sortKey"] = sortKey ?? current["sortKey"]!.GetValue<string>();
        next["encryptedPayload"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(payload));
        return next;
    }

    /// <summary>
    /// A DeletedApplicationObject for the object whose current version is <paramref name="current"/>, shaped as Symphony's
    /// clients send it: no threadId, and the deleting user as owner.
    /// </summary>
    protected static JsonObject Deletion(string current, string deletionType = "LOGICAL", long deletingUser = Owner)
    {
        var stored = JsonNode.Parse(current)!.AsObject();
        return new JsonObject
        {
            ["_type"] = "com.symphony.s2.model.object.DeletedApplicationObject",
            ["_version"] = "1.0",
            ["baseHash"] = stored["baseHash"]?.GetValue<string>() ?? HashOf(current).Value,
            ["deletionType"] = deletionType,
            ["hashType"] = 1,
            ["owner"] = deletingUser,
            ["partitionHash"] = stored["partitionHash"]!.GetValue<string>(),
            ["prevHash"] = HashOf(current).Value,
            ["prevSortKey"] = stored["sortKey"]!.GetValue<string>(),
            ["sortKey"] = stored["sortKey"]!.GetValue<string>(),
        };
    }

    /// <summary>The absolute hash of a JSON text: the hash of its canonical form.</summary>
    protected static Hash HashOf(string json)
    {
        using var document = CanonicalJson.Parse(Encoding.UTF8.GetBytes(json));
        return CanonicalJson.HashOf(CanonicalJson.Serialize(document.RootElement));
    }

    /// <summary>PUTs an object at its own hash (URL-safe in the path); returns the response.</summary>
    protected static Task<HttpResponseMessage> PutAsync(HttpClient client, JsonObject body) => PutAsync(client, body.ToJsonString());

    protected static Task<HttpResponseMessage> PutAsync(HttpClient client, string body) =>
        client.PutAsync($"/object/v1/objects/{HashOf(body).ToUrlSafe()}", Json(body));

    /// <summary>PUTs an object as <paramref name="client"/>, asserts 200 and returns the canonical JSON stored.</summary>
    protected static async Task<string> StoreAsync(HttpClient client, JsonObject body)
    {
        using var response = await PutAsync(client, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"PUT answered {(int)response.StatusCode}: {text}");
        return text;
    }

    protected static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    /// <summary>Reads a problem-details answer and checks its shape: the media type, the type URI, the code and the status.</summary>
    protected static async Task<JsonObject> ReadProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!.AsObject();
        Assert.Equal($"urn:objectstore:problem:{code}", problem["type"]!.GetValue<string>());
        Assert.Equal(code, problem["code"]!.GetValue<string>());
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrWhiteSpace(problem["detail"]?.GetValue<string>()), "a problem says what was wrong");
        return problem;
    }

    /// <summary>Reads a problem-details answer (as <see cref="ReadProblemAsync"/>) whose detail mentions <paramref name="mentions"/>; <paramref name="what"/> names the case in a failure.</summary>
    protected static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code, string mentions, string what)
    {
        var detail = (await ReadProblemAsync(response, status, code))["detail"]!.GetValue<string>();
        Assert.True(detail.Contains(mentions, StringComparison.Ordinal), $"{what}: the detail '{detail}' does not mention '{mentions}'");
    }

    /// <summary>GETs a page and returns its data items (as JSON texts) and cursors.</summary>
    protected static async Task<(List<JsonObject> Data, string? Before, string? After)> GetPageAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} answered {(int)response.StatusCode}: {text}");
        var page = JsonNode.Parse(text)!.AsObject();
        var cursors = page["pagination"]!["cursors"]!;
        return ([.. page["data"]!.AsArray().Select(item => item!.AsObject())], cursors["before"]?.GetValue<string>(), cursors["after"]?.GetValue<string>());
    }

    protected static string Escape(string hash) => Uri.EscapeDataString(hash);

    /// <summary>An item of a page or an array in canonical form, to compare with what the store answers for it alone.</summary>
    protected static string CanonicalText(JsonNode item) => Encoding.UTF8.GetString(CanonicalJson.Serialize(JsonSerializer.SerializeToElement(item)));

    /// <summary>The hash of a NamedUserIdObject, the ID of a partition or a feed.</summary>
    protected static Hash IdHash(string name, long userId) => HashOf(new JsonObject
    {
        ["_type"] = "com.symphony.s2.model.object.NamedUserIdObject",
        ["_version"] = "1.0",
        ["hashType"] = 1,
        ["name"] = name,
        ["userId"] = userId,
    }.ToJsonString());

    protected static JsonObject Selection(string partitionHash, string? sortKeyPrefix = null) => new()
    {
        ["_type"] = "com.symphony.s2.model.object.PartitionSelection",
        ["partitionHash"] = partitionHash,
        ["sortKeyPrefix"] = sortKeyPrefix,
    };

    /// <summary>An UpsertFeedRequest for the feed <paramref name="name"/> of <paramref name="owner"/>, READ for <paramref name="readers"/>.</summary>
    protected static JsonObject UpsertFeedBody(string name, long owner, IEnumerable<JsonObject> selections, params long[] readers) => new()
    {
        ["_type"] = "com.symphony.s2.model.object.UpsertFeedRequest",
        ["feedId"] = new JsonObject { ["_type"] = "com.symphony.s2.model.object.NamedUserIdObject", ["name"] = name, ["userId"] = owner },
        ["partitionSelections"] = new JsonArray([.. selections]),
        ["userPermissions"] = new JsonArray([.. readers.Select(reader => new JsonObject { ["userId"] = reader, ["permissions"] = new JsonArray("READ") })]),
    };

    /// <summary>Upserts a new feed of <see cref="Owner"/> that <see cref="Reader"/> may read; returns its hash, URL-safe for paths.</summary>
    protected Task<string> NewFeedAsync(params JsonObject[] selections) => NewFeedAsync($"feed-{Guid.NewGuid():N}", selections);

    protected async Task<string> NewFeedAsync(string name, IEnumerable<JsonObject> selections)
    {
        using var owner = Silo.As(Owner);
        using var response = await owner.PostAsync("/object/v1/feeds/upsert", Json(UpsertFeedBody(name, Owner, selections, Reader).ToJsonString()));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"the feed upsert answered {(int)response.StatusCode}: {text}");
        return HashOf(JsonNode.Parse(text)!["id"]!.ToJsonString()).ToUrlSafe();
    }

    /// <summary>A FeedRequest: acknowledge <paramref name="delete"/>, make <paramref name="visibleAgain"/> visible at once, then fetch.</summary>
    protected static JsonObject FeedRequest(int maxItems = 10, int waitTimeSeconds = 20, IEnumerable<string>? delete = null, IEnumerable<string>? visibleAgain = null) => new()
    {
        ["_type"] = "com.symphony.s2.model.object.FeedRequest",
        ["maxItems"] = maxItems,
        ["waitTimeSeconds"] = waitTimeSeconds,
        ["delete"] = new JsonArray([.. (delete ?? []).Select(handle => new JsonObject { ["receiptHandle"] = handle })]),
        ["extend"] = new JsonArray([.. (visibleAgain ?? []).Select(handle => new JsonObject { ["receiptHandle"] = handle, ["visibilityTimeout"] = 0 })]),
    };

    /// <summary>POSTs a FeedRequest, asserts 200 and an answer in canonical form, and returns the FeedObjects answered.</summary>
    protected static async Task<List<JsonObject>> FetchAsync(HttpClient client, string feed, JsonObject request)
    {
        using var response = await client.PostAsync($"/object/v1/feeds/{feed}/objects", Json(request.ToJsonString()));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"the fetch answered {(int)response.StatusCode}: {text}");
        var messages = JsonNode.Parse(text)!.AsArray();
        Assert.Equal(CanonicalText(messages), text);
        return [.. messages.Select(message => message!.AsObject())];
    }

    /// <summary>
    /// Long-polls as the owner until <paramref name="count"/> messages came, acknowledging none. Delivery from a commit to
    /// a feed is asynchronous, and a long poll answers as soon as a message arrives; one that answers nothing fails the test.
    /// </summary>
    protected async Task<List<JsonObject>> ReceiveAsync(string feed, int count)
    {
        using var owner = Silo.As(Owner);
        var received = new List<JsonObject>();
        while (received.Count < count)
        {
            var batch = await FetchAsync(owner, feed, FeedRequest(maxItems: Math.Min(10, count - received.Count)));
            Assert.True(batch.Count > 0, $"{received.Count} of {count} messages came before a long poll ended empty");
            received.AddRange(batch);
        }

        return received;
    }

    /// <summary>The payload of a FeedObject in canonical form: the stored version's bytes when it carries one.</summary>
    protected static string PayloadOf(JsonObject message) => CanonicalText(message["payload"]!);

    protected static string ReceiptHandleOf(JsonObject message) => message["receiptHandle"]!.GetValue<string>();
}
