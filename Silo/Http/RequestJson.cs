using System.Text;
using System.Text.Json;
using ObjectStore.Errors;
using ObjectStore.Feeds;
using ObjectStore.Objects;
using ObjectStore.Partitions;

namespace ObjectStore.Silo.Http;

/// <summary>
/// Reads the request bodies that are not stored objects: the upserts of a partition and of a feed, a feed request, the
/// array of objects of a transaction, and the message ids of a requeue. <c>_type</c> may be left out, but when present it
/// must name the type the endpoint takes; members the model does not know are ignored, as Canon's own parsers do. Only
/// the JSON shapes are checked here; the grains check the values.
/// </summary>
public static class RequestJson
{
    public const string UpsertPartitionRequestType = "com.symphony.s2.model.object.UpsertPartitionRequest";
    private const string UpsertFeedRequestType = "com.symphony.s2.model.object.UpsertFeedRequest";
    private const string PartitionSelectionType = "com.symphony.s2.model.object.PartitionSelection";
    private const string FeedRequestType = "com.symphony.s2.model.object.FeedRequest";
    private const string FeedObjectDeleteType = "com.symphony.s2.model.object.FeedObjectDelete";
    private const string FeedObjectExtendType = "com.symphony.s2.model.object.FeedObjectExtend";

    private static readonly long MinEpochMilliseconds = DateTimeOffset.MinValue.ToUnixTimeMilliseconds();
    private static readonly long MaxEpochMilliseconds = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    public static UpsertPartitionRequest ParseUpsertPartition(string json) => ParseObject(json, UpsertPartitionRequestType, root =>
        new UpsertPartitionRequest(NamedUserId(root, "partitionId", "partition"), UserPermissionsOf(root)));

    /// <summary>
    /// An UpsertFeedRequest; the deprecated <c>partitionHashes</c> are selections without a prefix, after
    /// <c>partitionSelections</c>. A client moving from one to the other may send a partition in both: it counts once.
    /// </summary>
    public static UpsertFeedRequest ParseUpsertFeed(string json) => ParseObject(json, UpsertFeedRequestType, root =>
    {
        var selections = OptionalArray(root, "partitionSelections", "PartitionSelection").Select(item =>
        {
            RequireObject(item.Value, $"'{item.Field}'");
            RequireType(item.Value, PartitionSelectionType, $"'{item.Field}'");
            return new PartitionSelection(
                Hash.Parse(RequiredString(item.Value, "partitionHash", $"{item.Field}.partitionHash"), $"{item.Field}.partitionHash"),
                OptionalString(item.Value, "sortKeyPrefix", $"{item.Field}.sortKeyPrefix"));
        });
        var current = selections.ToList();
        var deprecated = OptionalArray(root, "partitionHashes", "partition hashes").Select(item =>
            new PartitionSelection(Hash.Parse(item.Value.ValueKind == JsonValueKind.String ? item.Value.GetString() : null, item.Field)));
        return new UpsertFeedRequest(NamedUserId(root, "feedId", "feed"), [.. current, .. deprecated.Where(selection => !current.Contains(selection))],
            UserPermissionsOf(root), OptionalTimestamp(root, "expiryTime"));
    });

    /// <summary>A FeedRequest: the receipt handles to delete and to extend, then how many messages to fetch and how long to wait.</summary>
    public static FeedRequest ParseFeedRequest(string json) => ParseObject(json, FeedRequestType, root =>
    {
        var defaults = new FeedRequest();
        var deletes = OptionalArray(root, "delete", "FeedObjectDelete").Select(item =>
        {
            RequireObject(item.Value, $"'{item.Field}'");
            RequireType(item.Value, FeedObjectDeleteType, $"'{item.Field}'");
            return RequiredString(item.Value, "receiptHandle", $"{item.Field}.receiptHandle");
        }).ToList();
        var extends = OptionalArray(root, "extend", "FeedObjectExtend").Select(item =>
        {
            RequireObject(item.Value, $"'{item.Field}'");
            RequireType(item.Value, FeedObjectExtendType, $"'{item.Field}'");
            return new VisibilityChange(
                RequiredString(item.Value, "receiptHandle", $"{item.Field}.receiptHandle"),
                OptionalInt32(item.Value, "visibilityTimeout", $"{item.Field}.visibilityTimeout")
                    ?? throw new InvalidInputException($"'{item.Field}.visibilityTimeout' is required: the seconds the message stays invisible from now."));
        }).ToList();
        return new FeedRequest(
            OptionalInt32(root, "maxItems") ?? defaults.MaxItems,
            OptionalInt32(root, "waitTimeSeconds") ?? defaults.WaitTimeSeconds,
            deletes.Count + extends.Count == 0 ? null : new FeedAcknowledgement(deletes, extends));
    });

    /// <summary>The body of a requeue of dead letters, <c>{"messageIds":[...]}</c>; an empty body or list means all of them.</summary>
    public static IReadOnlyList<string> ParseRequeue(string json) => string.IsNullOrWhiteSpace(json)
        ? []
        : ParseObject(json, type: null, root => OptionalArray(root, "messageIds", "message ids").Select(item => StringOf(item.Value, item.Field)).ToList());

    /// <summary>The objects of a transaction, each as its own JSON text (the store parses and hashes each).</summary>
    public static IReadOnlyList<string> SplitTransaction(string json)
    {
        using var document = CanonicalJson.Parse(Encoding.UTF8.GetBytes(json));
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidInputException("A transaction's body is a JSON array of StoredApplicationObject or DeletedApplicationObject.");
        }

        return [.. document.RootElement.EnumerateArray().Select(item => item.GetRawText())];
    }

    /// <summary>Parses a JSON object of the given <c>_type</c> (when it names one) and reads it while the document is open.</summary>
    private static T ParseObject<T>(string json, string? type, Func<JsonElement, T> read)
    {
        using var document = CanonicalJson.Parse(Encoding.UTF8.GetBytes(json));
        var root = document.RootElement;
        RequireObject(root, "The body");
        if (type is not null)
        {
            RequireType(root, type, "The body");
        }

        return read(root);
    }

    /// <summary>The NamedUserIdObject a partition or a feed is identified by.</summary>
    private static PartitionId NamedUserId(JsonElement root, string member, string of)
    {
        if (!root.TryGetProperty(member, out var id) || id.ValueKind == JsonValueKind.Null)
        {
            throw new InvalidInputException($"'{member}' is required: the NamedUserIdObject {{name, userId}} of the {of}.");
        }

        RequireObject(id, $"'{member}'");
        RequireType(id, PartitionIds.NamedUserIdObjectType, $"'{member}'");
        if (id.TryGetProperty("hashType", out var hashType) && !(hashType.ValueKind == JsonValueKind.Number && hashType.TryGetInt32(out var type) && type == Hash.Sha256TypeId))
        {
            throw new InvalidInputException($"'{member}.hashType' must be {Hash.Sha256TypeId} (SHA-256).");
        }

        return new PartitionId(RequiredString(id, "name", $"{member}.name"), RequiredUserId(id, "userId", $"{member}.userId"));
    }

    private static List<UserPermissions> UserPermissionsOf(JsonElement root) =>
    [
        .. OptionalArray(root, "userPermissions", "UserPermissionsRequest").Select(item =>
        {
            RequireObject(item.Value, $"'{item.Field}'");
            RequireType(item.Value, PartitionJson.UserPermissionsType, $"'{item.Field}'");
            return new UserPermissions(RequiredUserId(item.Value, "userId", $"{item.Field}.userId"), Permissions(item.Value, $"{item.Field}.permissions"));
        }),
    ];

    private static Permission Permissions(JsonElement user, string field)
    {
        var permissions = Permission.None;
        foreach (var (name, _) in OptionalArray(user, "permissions", "\"READ\" and \"WRITE\"", field))
        {
            permissions |= (name.ValueKind == JsonValueKind.String ? name.GetString() : null) switch
            {
                "READ" => Permission.Read,
                "WRITE" => Permission.Write,
                _ => throw new InvalidInputException($"'{field}' holds {name.GetRawText()}; a permission is \"READ\" or \"WRITE\"."),
            };
        }

        return permissions;
    }

    /// <summary>The items of an array member with the field name of each (<c>name[i]</c>); none when the member is absent or null.</summary>
    private static List<(JsonElement Value, string Field)> OptionalArray(JsonElement parent, string name, string of, string? field = null)
    {
        field ??= name;
        if (!parent.TryGetProperty(name, out var array) || array.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        return array.ValueKind == JsonValueKind.Array
            ? [.. array.EnumerateArray().Select((item, index) => (item, $"{field}[{index}]"))]
            : throw new InvalidInputException($"'{field}' must be an array of {of}.");
    }

    private static void RequireObject(JsonElement element, string what)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidInputException($"{what} must be a JSON object.");
        }
    }

    private static void RequireType(JsonElement element, string type, string what)
    {
        if (element.TryGetProperty("_type", out var actual) && !(actual.ValueKind == JsonValueKind.String && actual.GetString() == type))
        {
            throw new InvalidInputException($"{what} has _type {actual.GetRawText()}; this takes a {type}.");
        }
    }

    private static string RequiredString(JsonElement element, string name, string field) =>
        element.TryGetProperty(name, out var value) ? StringOf(value, field) : throw new InvalidInputException($"'{field}' is required and must be a string.");

    private static string? OptionalString(JsonElement element, string name, string field) =>
        element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? StringOf(value, field) : null;

    private static string StringOf(JsonElement value, string field) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new InvalidInputException($"'{field}' must be a string.");

    private static int? OptionalInt32(JsonElement element, string name, string? field = null)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)
            ? number
            : throw new InvalidInputException($"'{field ?? name}' must be a 32-bit integer.");
    }

    /// <summary>A Canon TimeStamp: milliseconds since the Unix epoch.</summary>
    private static DateTimeOffset? OptionalTimestamp(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var milliseconds) && milliseconds >= MinEpochMilliseconds && milliseconds <= MaxEpochMilliseconds
            ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds)
            : throw new InvalidInputException($"'{name}' must be an integer number of milliseconds since 1970-01-01T00:00:00Z.");
    }

    private static long RequiredUserId(JsonElement element, string name, string field) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var userId)
            ? userId
            : throw new InvalidInputException($"'{field}' is required and must be a 64-bit integer user id.");
}
