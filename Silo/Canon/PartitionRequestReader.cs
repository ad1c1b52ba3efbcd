using System.Text.Json;
using ObjectStore.Errors;
using ObjectStore.Objects;
using ObjectStore.Partitions;
using static ObjectStore.Silo.Canon.RequestReader;

namespace ObjectStore.Silo.Canon;

/// <summary>
/// Reads an UpsertPartitionRequest, and the two parts an UpsertFeedRequest shares with it: the NamedUserIdObject that
/// identifies a partition or a feed, and the users' permissions.
/// </summary>
public static class PartitionRequestReader
{
    public static UpsertPartitionRequest ReadUpsert(byte[] json) => ReadObject(json, CanonTypes.UpsertPartitionRequest, root =>
        new UpsertPartitionRequest(NamedUserId(root, "partitionId", "partition"), UserPermissions(root)));

    /// <summary>The NamedUserIdObject a partition or a feed is identified by.</summary>
    internal static PartitionId NamedUserId(JsonElement root, string member, string of)
    {
        if (!root.TryGetProperty(member, out var id) || id.ValueKind == JsonValueKind.Null)
        {
            throw new InvalidInputException($"'{member}' is required: the NamedUserIdObject {{name, userId}} of the {of}.");
        }

        RequireObject(id, $"'{member}'");
        RequireType(id, CanonTypes.NamedUserIdObject, $"'{member}'");
        if (id.TryGetProperty("hashType", out var hashType) && !(hashType.ValueKind == JsonValueKind.Number && hashType.TryGetInt32(out var type) && type == Hash.Sha256TypeId))
        {
            throw new InvalidInputException($"'{member}.hashType' must be {Hash.Sha256TypeId} (SHA-256).");
        }

        return new PartitionId(RequiredString(id, "name", $"{member}.name"), RequiredUserId(id, "userId", $"{member}.userId"));
    }

    internal static List<UserPermissions> UserPermissions(JsonElement root) =>
    [
        .. OptionalArray(root, "userPermissions", "UserPermissionsRequest").Select(item =>
        {
            var user = RequireTyped(item, CanonTypes.UserPermissionsRequest);
            return new UserPermissions(RequiredUserId(user, "userId", $"{item.Field}.userId"), Permissions(user, $"{item.Field}.permissions"));
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
}
