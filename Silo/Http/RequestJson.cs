using System.Text;
using System.Text.Json;
using ObjectStore.Errors;
using ObjectStore.Objects;
using ObjectStore.Partitions;

namespace ObjectStore.Silo.Http;

/// <summary>
/// Reads the request bodies that are not stored objects: the upsert of a partition, and the array of objects of a
/// transaction. <c>_type</c> may be left out, but when present it must name the type the endpoint takes; members the
/// model does not know are ignored, as Canon's own parsers do.
/// </summary>
public static class RequestJson
{
    public const string UpsertPartitionRequestType = "com.symphony.s2.model.object.UpsertPartitionRequest";

    public static UpsertPartitionRequest ParseUpsertPartition(string json)
    {
        using var document = CanonicalJson.Parse(Encoding.UTF8.GetBytes(json));
        var root = document.RootElement;
        RequireObject(root, "The body");
        RequireType(root, UpsertPartitionRequestType, "The body");
        if (!root.TryGetProperty("partitionId", out var id) || id.ValueKind == JsonValueKind.Null)
        {
            throw new InvalidInputException("'partitionId' is required: the NamedUserIdObject {name, userId} of the partition.");
        }

        RequireObject(id, "'partitionId'");
        RequireType(id, PartitionIds.NamedUserIdObjectType, "'partitionId'");
        if (id.TryGetProperty("hashType", out var hashType) && !(hashType.ValueKind == JsonValueKind.Number && hashType.TryGetInt32(out var type) && type == Hash.Sha256TypeId))
        {
            throw new InvalidInputException($"'partitionId.hashType' must be {Hash.Sha256TypeId} (SHA-256).");
        }

        var partitionId = new PartitionId(RequiredString(id, "name", "partitionId.name"), RequiredUserId(id, "userId", "partitionId.userId"));
        var users = new List<UserPermissions>();
        if (root.TryGetProperty("userPermissions", out var list) && list.ValueKind != JsonValueKind.Null)
        {
            if (list.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidInputException("'userPermissions' must be an array of UserPermissionsRequest.");
            }

            foreach (var (user, index) in list.EnumerateArray().Select((user, index) => (user, index)))
            {
                var field = $"userPermissions[{index}]";
                RequireObject(user, $"'{field}'");
                RequireType(user, PartitionJson.UserPermissionsType, $"'{field}'");
                users.Add(new UserPermissions(RequiredUserId(user, "userId", $"{field}.userId"), Permissions(user, $"{field}.permissions")));
            }
        }

        return new UpsertPartitionRequest(partitionId, users);
    }

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

    private static Permission Permissions(JsonElement user, string field)
    {
        if (!user.TryGetProperty("permissions", out var names) || names.ValueKind == JsonValueKind.Null)
        {
            return Permission.None;
        }

        if (names.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidInputException($"'{field}' must be an array of \"READ\" and \"WRITE\".");
        }

        var permissions = Permission.None;
        foreach (var name in names.EnumerateArray())
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
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new InvalidInputException($"'{field}' is required and must be a string.");

    private static long RequiredUserId(JsonElement element, string name, string field) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var userId)
            ? userId
            : throw new InvalidInputException($"'{field}' is required and must be a 64-bit integer user id.");
}
