using ObjectStore.Objects;
using ObjectStore.Partitions;

namespace ObjectStore.Silo.Canon;

/// <summary>A partition and its users' permissions in the Canon shapes of the REST model.</summary>
public static class PartitionWriter
{
    /// <summary>A Partition; its <c>id</c> is the NamedUserIdObject exactly as the grain hashed it.</summary>
    public static byte[] Write(Partition partition) => CanonWriter.TypedDocument(CanonTypes.Partition, writer =>
    {
        writer.Number("hashType", Hash.Sha256TypeId);
        writer.Canonical("id", partition.CanonicalId);
    });

    public static byte[] Users(Page<UserPermissions> page) => PageWriter.Write(page, Write);

    /// <summary>A user's permissions; the permissions are a Canon SET, so they are written sorted.</summary>
    public static void Write(CanonWriter writer, UserPermissions user)
    {
        writer.StartObject();
        writer.TypeAndVersion(CanonTypes.UserPermissionsRequest);
        writer.Name("permissions");
        writer.Array(Names(user.Permissions).Order(StringComparer.Ordinal), (items, name) => items.String(name));
        writer.Number("userId", user.UserId);
        writer.EndObject();
    }

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
