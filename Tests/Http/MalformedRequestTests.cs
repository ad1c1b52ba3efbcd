using System.Globalization;
using System.Net;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Http;

/// <summary>
/// Malformed requests, each refused with its status and problem code, a detail that names what was wrong, and
/// nothing changed; the writes among them would change the scene if they were taken.
/// </summary>
[Collection(SharedFixtures.SqliteHttpSilo), Kind(TestKind.Http), Backend(StorageProvider.Sqlite)]
public sealed class MalformedRequestTests(HttpSiloFixture fixture) : RefusalTestBase(fixture)
{
    private const string PutAtOwnHash = "/object/v1/objects/{SELF}";
    private const string Upsert = "/object/v1/partitions/upsert";
    private const string Transaction = "/object/v1/objects/transaction";
    private const string FeedUpsert = "/object/v1/feeds/upsert";
    private const string FeedFetch = "/object/v1/feeds/{H}/objects";
    private const string Requeue = "/object/v1/feeds/{H}/deadLetters/requeue";
    private const HttpStatusCode Invalid = HttpStatusCode.BadRequest;
    private const HttpStatusCode TooLarge = HttpStatusCode.RequestEntityTooLarge;

    // The limits HttpSiloFixture sets: Http:MaxRequestBytes and Http:MaxTransactionRequestBytes.
    private const int MaxRequestBytes = 131072;
    private const int MaxTransactionRequestBytes = 1048576;

    /// <summary>Stands for a string one byte longer than Http:MaxRequestBytes.</summary>
    private const string OverRequestLimit = "{PAD}";

    // The object limit HttpSiloFixture sets (ObjectStore:MaxObjectBytes), and the default of ObjectStore:MaxTransactionObjects.
    private const int MaxObjectBytes = 65536;
    private const int MaxTransactionObjects = 100;

    /// <summary>An escaped lone surrogate, as JSON text spells it.</summary>
    private const string LoneSurrogate = "\\ud800";

    /// <summary>Stands for a string one byte longer than Http:MaxTransactionRequestBytes.</summary>
    private const string OverTransactionLimit = "{BIGPAD}";

    /// <summary>
    /// What is wrong, the request (templates for <see cref="RefusalTestBase.Scene.Fill"/>; {SELF} is the body's own
    /// hash), and the answer: status, problem code, and a part of the detail.
    /// </summary>
    public static TheoryData<string, string, string, string?, HttpStatusCode, string, string> MalformedRequests()
    {
        var rows = new TheoryData<string, string, string, string?, HttpStatusCode, string, string>
        {
            { "truncated JSON", "PUT", PutAtOwnHash, Object("new")[..^1], Invalid, "invalid", "not valid JSON" },
            { "trailing garbage", "PUT", PutAtOwnHash, Object("new") + " garbage", Invalid, "invalid", "not valid JSON" },
            { "a second object after the first", "PUT", PutAtOwnHash, Object("new") + Object("other"), Invalid, "invalid", "not valid JSON" },
            { "an empty body", "PUT", PutAtOwnHash, "", Invalid, "invalid", "not valid JSON" },
            { "a JSON array", "PUT", PutAtOwnHash, $"[{Object("new")}]", Invalid, "invalid", "must be a JSON object" },
            { "a JSON number", "PUT", PutAtOwnHash, "42", Invalid, "invalid", "must be a JSON object" },
            { "another _type", "PUT", PutAtOwnHash, Object("new").Replace(StoredType, "com.symphony.s2.model.object.Partition"), Invalid, "invalid", "'_type' must be" },
            { "no _type", "PUT", PutAtOwnHash, Object("new").Replace($"\"_type\":\"{StoredType}\",", ""), Invalid, "invalid", "'_type' is required" },
            { "a body sent at another object's hash", "PUT", "/object/v1/objects/{Eu}", Object("new"), Invalid, "invalid", "not to the" },
            { "a path hash that is not Base64", "PUT", "/object/v1/objects/not!base64", Object("new"), Invalid, "invalid", "'objectHash' is not a valid hash" },
            { "a path hash of 32 bytes", "PUT", $"/object/v1/objects/{Convert.ToBase64String(new byte[32])}", Object("new"), Invalid, "invalid", "'objectHash' is not a valid hash" },
            { "a path hash of 35 bytes", "PUT", $"/object/v1/objects/{Convert.ToBase64String(new byte[35])}", Object("new"), Invalid, "invalid", "'objectHash' is not a valid hash" },
            { "a partitionHash that is not Base64", "PUT", PutAtOwnHash, Object("new").Replace("\"{P}\"", "\"not Base64!\""), Invalid, "invalid", "'partitionHash' is not a valid hash" },
            { "a partitionHash of 3 bytes", "PUT", PutAtOwnHash, Object("new").Replace("\"{P}\"", "\"AAAA\""), Invalid, "invalid", "'partitionHash' is not a valid hash" },
            { "a baseHash that is not Base64", "PUT", PutAtOwnHash, UpdateOfExisting(baseHash: "not Base64!"), Invalid, "invalid", "'baseHash' is not a valid hash" },
            { "a prevHash that is not Base64", "PUT", PutAtOwnHash, UpdateOfExisting(prevHash: "not Base64!"), Invalid, "invalid", "'prevHash' is not a valid hash" },
            { "an empty sort key", "PUT", PutAtOwnHash, Object(""), Invalid, "invalid", "'sortKey' is required and must not be empty" },
            { "a duplicate member", "PUT", PutAtOwnHash, Object("new", ""","sortKey":"again" """), Invalid, "invalid", "not valid JSON" },
            { "bytes that are not UTF-8", "PUT", PutAtOwnHash, Object($"new{InvalidUtf8}"), Invalid, "invalid", "not valid UTF-8" },
            { "an object body over the request limit", "PUT", PutAtOwnHash, Object("new", $$""","header":{"padding":"{{OverRequestLimit}}"}"""), TooLarge, "too-large", "131072" },

            { "an upsert of another _type", "POST", Upsert, UpsertBody(type: "com.symphony.s2.model.object.UpsertFeedRequest"), Invalid, "invalid", $"this takes a {UpsertType}" },
            { "a partitionId of another _type", "POST", Upsert, UpsertBody(idType: "com.symphony.s2.model.object.Partition"), Invalid, "invalid", "'partitionId' has _type" },
            { "a permission that is not READ or WRITE", "POST", Upsert, UpsertBody(permissions: "\"DELETE\""), Invalid, "invalid", "a permission is \"READ\" or \"WRITE\"" },
            { "a permission in lower case", "POST", Upsert, UpsertBody(permissions: "\"read\""), Invalid, "invalid", "a permission is \"READ\" or \"WRITE\"" },
            { "a user id that is a string", "POST", Upsert, UpsertBody(user: "\"1003\""), Invalid, "invalid", "'userPermissions[0].userId'" },
            { "a user id with a fraction", "POST", Upsert, UpsertBody(user: "1003.5"), Invalid, "invalid", "'userPermissions[0].userId'" },
            { "a partition owner that is not an integer", "POST", Upsert, UpsertBody(ownerId: "\"owner\""), Invalid, "invalid", "'partitionId.userId'" },
            { "a truncated upsert", "POST", Upsert, UpsertBody()[..^2], Invalid, "invalid", "not valid JSON" },
            { "an upsert that is a JSON array", "POST", Upsert, $"[{UpsertBody()}]", Invalid, "invalid", "must be a JSON object" },
            { "an upsert that is a JSON number", "POST", Upsert, "42", Invalid, "invalid", "must be a JSON object" },
            { "an empty upsert", "POST", Upsert, "", Invalid, "invalid", "not valid JSON" },
            { "an upsert with a duplicate member", "POST", Upsert, UpsertBody()[..^1] + ""","userPermissions":[]}""", Invalid, "invalid", "not valid JSON" },
            { "an upsert with bytes that are not UTF-8", "POST", Upsert, UpsertBody(permissions: $"\"READ{InvalidUtf8}\""), Invalid, "invalid", "not valid UTF-8" },
            { "an upsert over the request limit", "POST", Upsert, UpsertBody()[..^1] + $$""","padding":"{{OverRequestLimit}}"}""", TooLarge, "too-large", "131072" },

            { "a transaction that is an object", "POST", Transaction, Object("new"), Invalid, "invalid", "JSON array" },
            { "an empty transaction", "POST", Transaction, "[]", Invalid, "invalid", "was 0" },
            { "a transaction of a number", "POST", Transaction, "[42]", Invalid, "invalid", "must be a JSON object" },
            { "a truncated transaction", "POST", Transaction, $"[{Object("new")}", Invalid, "invalid", "not valid JSON" },
            { "a transaction with one bad object", "POST", Transaction, $"[{Object("new")},{Object("a/b")}]", Invalid, "invalid", "must not contain '/'" },
            { "a transaction over its limit", "POST", Transaction, "[" + Object("new", $$""","header":{"padding":"{{OverTransactionLimit}}"}""") + "]", TooLarge, "too-large", "1048576" },

            { "a page limit of 0", "GET", "/object/v1/partitions/{Pu}/page?limit=0", null, Invalid, "invalid", "'limit' must be between 1 and 100" },
            { "a page limit that is not a number", "GET", "/object/v1/partitions/{Pu}/page?limit=ten", null, Invalid, "invalid", "limit" },
            { "a versions limit of 0", "GET", "/object/v1/objects/{Eu}/versions?limit=0", null, Invalid, "invalid", "'limit' must be between 1 and 100" },
            { "a prefix with a minimum", "GET", "/object/v1/partitions/{Pu}/page?sortKeyPrefix=a&sortKeyMin=b", null, Invalid, "invalid", "cannot be combined" },
            { "a versions cursor that is not one", "GET", "/object/v1/objects/{Eu}/versions?after=abc", null, Invalid, "invalid", "'after'" },
            { "a currentVersion that is not a boolean", "GET", "/object/v1/objects/{Eu}?currentVersion=maybe", null, Invalid, "invalid", "currentVersion" },
            { "a partition hash in a path that is not Base64", "GET", "/object/v1/partitions/not!base64/page", null, Invalid, "invalid", "'partitionHash' is not a valid hash" },
            { "an object hash in a path of 3 bytes", "GET", "/object/v1/objects/AAAA", null, Invalid, "invalid", "'objectHash' is not a valid hash" },
            { "a sort key in a path with a forbidden character", "GET", "/object/v1/partitions/{Pu}/a%3Bb", null, Invalid, "invalid", "must not contain ';'" },
        };
        foreach (var row in InputThatIsNotJsonTheStoreCanKeep())
        {
            rows.Add(row.Malformation, row.Method, row.Path, row.Body, row.Status, row.Code, row.Mentions);
        }

        foreach (var forbidden in new[] { '#', '/', '&', '$', '+', ',', ';', '=' })
        {
            rows.Add($"a sort key with '{forbidden}'", "PUT", PutAtOwnHash, Object($"a{forbidden}b"), Invalid, "invalid", $"must not contain '{forbidden}'");
        }

        return rows;
    }

    /// <summary>
    /// Text a JSON parser meets that no stored object or request may hold: strings that are not Unicode on every JSON
    /// endpoint, numbers out of range, a byte order mark, and bodies whose parsing would cost more than the limits allow.
    /// </summary>
    private static IEnumerable<(string Malformation, string Method, string Path, string Body, HttpStatusCode Status, string Code, string Mentions)> InputThatIsNotJsonTheStoreCanKeep()
    {
        const string notUnicode = "not valid Unicode";
        var nest = new string('[', 60) + new string(']', 60);
        return
        [
            ("a lone surrogate in a string", "PUT", PutAtOwnHash, Object("new", $$""","header":{"text":"{{LoneSurrogate}}"}"""), Invalid, "invalid", notUnicode),
            ("a lone low surrogate in a string", "PUT", PutAtOwnHash, Object("new", ""","header":{"text":"\udc00"}"""), Invalid, "invalid", notUnicode),
            ("a high surrogate before a letter", "PUT", PutAtOwnHash, Object("new", ""","header":{"text":"\ud800\u0041"}"""), Invalid, "invalid", notUnicode),
            ("a lone surrogate in a member name", "PUT", PutAtOwnHash, Object("new", $$""","header":{"{{LoneSurrogate}}":1}"""), Invalid, "invalid", "member name that is not valid Unicode"),
            ("a lone surrogate in a sort key", "PUT", PutAtOwnHash, Object($"new{LoneSurrogate}"), Invalid, "invalid", notUnicode),
            ("a surrogate encoded in UTF-8", "PUT", PutAtOwnHash, Object($"new{SurrogateUtf8}"), Invalid, "invalid", "not valid UTF-8"),
            ("a byte order mark", "PUT", PutAtOwnHash, "\uFEFF" + Object("new"), Invalid, "invalid", "byte order mark"),
            ("an integer over 64 bits", "PUT", PutAtOwnHash, Object("new", ""","header":{"n":9223372036854775808}"""), Invalid, "invalid", "does not fit in 64 bits"),
            ("a huge exponent", "PUT", PutAtOwnHash, Object("new", ""","header":{"n":1e999999999}"""), Invalid, "invalid", "out of range"),
            ("a number of a thousand digits", "PUT", PutAtOwnHash, Object("new", $$""","header":{"n":{{new string('7', 1000)}}}"""), Invalid, "invalid", "out of range"),
            ("a member twice, once escaped", "PUT", PutAtOwnHash, Object("new", ""","header":{"a":1,"\u0061":2}"""), Invalid, "invalid", "'a'"),
            ("nesting whose canonical form passes the object limit", "PUT", PutAtOwnHash, Object("new", $$""","header":{"nest":[{{string.Join(",", Enumerable.Repeat(nest, 20))}}]}"""), TooLarge, "too-large", $"passes the maximum of {MaxObjectBytes} bytes"),

            ("a transaction with a lone surrogate", "POST", Transaction, $$"""[{{Object("new", $$""","header":{"{{LoneSurrogate}}":1}""")}}]""", Invalid, "invalid", notUnicode),
            ("a transaction of one object too many", "POST", Transaction, $"[{string.Join(",", Enumerable.Repeat(Object("new"), MaxTransactionObjects + 1))}]", Invalid, "invalid", $"object {MaxTransactionObjects + 1} is refused"),

            ("an upsert with a lone surrogate in a name", "POST", Upsert, UpsertBody().Replace("\"{N}\"", $"\"{{N}}{LoneSurrogate}\"", StringComparison.Ordinal), Invalid, "invalid", notUnicode),
            ("an upsert with a lone surrogate in a member name", "POST", Upsert, UpsertBody()[..^1] + $$""","{{LoneSurrogate}}":1}""", Invalid, "invalid", notUnicode),
            ("an upsert with a surrogate encoded in UTF-8", "POST", Upsert, UpsertBody(permissions: $"\"READ{SurrogateUtf8}\""), Invalid, "invalid", "not valid UTF-8"),
            ("an upsert with a byte order mark", "POST", Upsert, "\uFEFF" + UpsertBody(), Invalid, "invalid", "byte order mark"),
            ("an upsert with a user id over 64 bits", "POST", Upsert, UpsertBody(user: "9223372036854775808"), Invalid, "invalid", "'userPermissions[0].userId'"),

            ("a feed upsert with a lone surrogate", "POST", FeedUpsert, $$"""{"feedId":{"name":"{N}{{LoneSurrogate}}","userId":{{Owner}}},"partitionSelections":[{"partitionHash":"{P}"}]}""", Invalid, "invalid", notUnicode),
            ("a feed request with a lone surrogate", "POST", FeedFetch, $$"""{"delete":[{"receiptHandle":"{{LoneSurrogate}}"}]}""", Invalid, "invalid", notUnicode),
            ("a feed request with a surrogate encoded in UTF-8", "POST", FeedFetch, $$"""{"delete":[{"receiptHandle":"a{{SurrogateUtf8}}"}]}""", Invalid, "invalid", "not valid UTF-8"),
            ("a feed request with a huge exponent", "POST", FeedFetch, """{"maxItems":1e999999999}""", Invalid, "invalid", "'maxItems'"),
            ("a requeue with a lone surrogate", "POST", Requeue, $$"""{"messageIds":["{{LoneSurrogate}}"]}""", Invalid, "invalid", notUnicode),
            ("a requeue with a lone surrogate in a member name", "POST", Requeue, $$"""{"{{LoneSurrogate}}":[]}""", Invalid, "invalid", notUnicode),
        ];
    }

    [Theory]
    [MemberData(nameof(MalformedRequests))]
    public async Task A_malformed_request_is_refused_with_its_problem_and_changes_nothing(
        string malformation, string method, string path, string? body, HttpStatusCode status, string code, string mentions)
    {
        var scene = await NewSceneAsync();
        var before = await StateOfAsync(scene);
        using var owner = Silo.As(Owner);
        var content = body is null ? null : scene.Fill(body)
            .Replace(OverRequestLimit, new string('x', MaxRequestBytes + 1), StringComparison.Ordinal)
            .Replace(OverTransactionLimit, new string('x', MaxTransactionRequestBytes + 1), StringComparison.Ordinal);
        using var request = new HttpRequestMessage(new HttpMethod(method), scene.Fill(path).Replace("{SELF}", content is null ? "" : PathHashOf(content), StringComparison.Ordinal))
        {
            Content = content is null ? null : BodyOf(content),
        };

        using var response = await owner.SendAsync(request);

        await AssertProblemAsync(response, status, code, mentions, malformation);
        Assert.Equal(before, await StateOfAsync(scene));
    }

    [Fact]
    public async Task The_writes_of_the_table_are_taken_when_nothing_is_wrong_with_them()
    {
        var scene = await NewSceneAsync();
        using var owner = Silo.As(Owner);
        var created = scene.Fill(Object("new"));
        var updated = scene.Fill(UpdateOfExisting());

        using var create = await owner.PutAsync($"/object/v1/objects/{PathHashOf(created)}", BodyOf(created));
        using var update = await owner.PutAsync($"/object/v1/objects/{PathHashOf(updated)}", BodyOf(updated));
        using var transaction = await owner.PostAsync(Transaction, BodyOf(scene.Fill($"[{Object("other")}]")));
        using var upsert = await owner.PostAsync(Upsert, BodyOf(scene.Fill(UpsertBody())));

        Assert.Equal(
            [HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK],
            [create.StatusCode, update.StatusCode, transaction.StatusCode, upsert.StatusCode]);
        var (page, _, _) = await GetPageAsync(owner, $"/object/v1/partitions/{Escape(scene.Partition)}/page");
        Assert.Equal(["existing", "new", "other"], page.Select(item => item["sortKey"]!.GetValue<string>()));
        var (users, _, _) = await GetPageAsync(owner, $"/object/v1/partitions/{Escape(scene.Partition)}/users");
        Assert.Contains(users, user => user["userId"]!.GetValue<long>() == Stranger);
    }

    /// <summary>A StoredApplicationObject in the scene's partition, valid unless its sort key is not, with <paramref name="more"/> members.</summary>
    private static string Object(string sortKey, string more = "") =>
        $$"""{"_type":"{{StoredType}}","owner":{{Owner}},"partitionHash":"{P}","sortKey":"{{sortKey}}"{{more}}}""";

    /// <summary>The next version of the scene's existing object, valid unless a hash is not.</summary>
    private static string UpdateOfExisting(string baseHash = "{E}", string prevHash = "{E}") =>
        Object("existing", $$""","baseHash":"{{baseHash}}","prevHash":"{{prevHash}}","prevSortKey":"existing","threadId":"{{ThreadId}}" """);

    /// <summary>An upsert of the scene's partition that would give <see cref="HttpApiTestBase.Stranger"/> READ, valid unless a part is not.</summary>
    private static string UpsertBody(string type = UpsertType, string idType = PartitionIdType, string? ownerId = null, string user = "1003", string permissions = "\"READ\"") =>
        $$"""{"_type":"{{type}}","partitionId":{"_type":"{{idType}}","name":"{N}","userId":{{ownerId ?? Owner.ToString(CultureInfo.InvariantCulture)}}},"userPermissions":[{"userId":{{user}},"permissions":[{{permissions}}]}]}""";
}
