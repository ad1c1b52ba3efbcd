using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ObjectStore.Objects;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Http;

/// <summary>
/// Requests and bodies of the REST model, for tests over real HTTP. The silo is shared by a test class, so each test
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
        using var document = JsonDocument.Parse(json);
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
}
