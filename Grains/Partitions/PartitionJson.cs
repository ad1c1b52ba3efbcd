using System.Text.Json.Nodes;
using ObjectStore.Objects;

namespace ObjectStore.Partitions;

/// <summary>Partitions and permissions in the canonical Canon JSON shapes of the REST model.</summary>
public static class PartitionJson
{
    public const string PartitionType = "com.symphony.s2.model.object.Partition";
    public const string UserPermissionsType = "com.symphony.s2.model.object.UserPermissionsRequest";

    public static byte[] Write(Partition partition) => CanonicalJson.Serialize(new JsonObject
    {
        ["_type"] = PartitionType,
        ["_version"] = "1.0",
        ["hashType"] = Hash.Sha256TypeId,
        ["id"] = JsonNode.Parse(partition.CanonicalId),
    });

    /// <summary>A user's permissions; the permissions are a Canon SET, so they are written sorted.</summary>
    public static byte[] Write(UserPermissions user) => CanonicalJson.Serialize(new JsonObject
    {
        ["_type"] = UserPermissionsType,
        ["_version"] = "1.0",
        ["permissions"] = new JsonArray([.. Names(user.Permissions).Order(StringComparer.Ordinal).Select(name => JsonValue.Create(name))]),
        ["userId"] = user.UserId,
    });

    private static IEnumerable<string> Names(Permission permissions)
    {
        if (permissions.HasFlag(Permission.Read))
        {
            yield return "READ";
        }

        if (permissions.HasFlag(Permission.Write))
        {
            yield return "WRITE";
        }
    }
}
