using ObjectStore.Objects;
using ObjectStore.Partitions;
using ObjectStore.Sequences;

namespace ObjectStore.Silo.Canon;

/// <summary>A partition and its users' permissions in the Canon shapes of the REST model.</summary>
public static class PartitionWriter
{
    public const string ReadablePageType = "PageOfReadablePartition";

    /// <summary>A Partition; its <c>id</c> is the NamedUserIdObject exactly as the grain hashed it.</summary>
    public static byte[] Write(Partition partition) => CanonWriter.TypedDocument(CanonTypes.Partition, writer =>
    {
        writer.Number("hashType", Hash.Sha256TypeId);
        writer.Canonical("id", partition.CanonicalId);
    });

    public static byte[] Users(Page<UserPermissions> page) => PageWriter.Write(page, Write);

    /// <summary>The partitions a caller may read, an extension of the REST model: each its ID object, hash and the caller's permissions.</summary>
    public static byte[] Readable(Page<ReadablePartition> page) => PageWriter.Write(page, Write, ReadablePageType);

    private static void Write(CanonWriter writer, ReadablePartition partition)
    {
        writer.StartObject();
        writer.Canonical("id", partition.CanonicalId);
        writer.String("partitionHash", partition.PartitionHash.Value);
        Write(writer, partition.Permissions);
        writer.EndObject();
    }

    /// <summary>A user's permissions.</summary>
    public static void Write(CanonWriter writer, UserPermissions user)
    {
        writer.StartObject();
        writer.TypeAndVersion(CanonTypes.UserPermissionsRequest);
        Write(writer, user.Permissions);
        writer.Number("userId", user.UserId);
        writer.EndObject();
    }

    /// <summary>Permissions as a Canon SET: their names, sorted.</summary>
    private static void Write(CanonWriter writer, Permission permissions)
    {
        writer.Name("permissions");
        writer.Array(Names(permissions).Order(StringComparer.Ordinal), (items, name) => items.String(name));
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
