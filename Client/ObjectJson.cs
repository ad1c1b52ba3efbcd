using System.Text.Encodings.Web;
using System.Text.Json;
using ObjectStore.Objects;

namespace ObjectStore.Client;

internal static class ObjectJson
{
    public static byte[] Write(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        // Hashes and Base64 hold '+' and '/': relaxed escaping keeps them readable; the store canonicalizes either way.
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("_version", CanonTypes.Version);
            body(writer);
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    public static void WriteCommon(Utf8JsonWriter writer, Hash partitionHash, string sortKey, StoredObject? previous)
    {
        writer.WriteNumber("hashType", Hash.Sha256TypeId);
        writer.WriteString("partitionHash", partitionHash.Value);
        writer.WriteString("sortKey", sortKey);
        if (previous is not null)
        {
            writer.WriteString("baseHash", previous.BaseHash.Value);
            writer.WriteString("prevHash", previous.AbsoluteHash.Value);
            writer.WriteString("prevSortKey", previous.SortKey);
        }
    }

    /// <summary>A DeletedApplicationObject: like Symphony's clients, it names the deleting user as owner and carries no threadId.</summary>
    public static byte[] DeletionOf(StoredObject current, DeletionType deletionType, long deletingUser) => Write(writer =>
    {
        writer.WriteString("_type", CanonTypes.DeletedApplicationObject);
        WriteCommon(writer, current.PartitionHash, current.SortKey, current);
        writer.WriteString("deletionType", deletionType == DeletionType.Physical ? "PHYSICAL" : "LOGICAL");
        writer.WriteNumber("owner", deletingUser);
    });

    public static string? Instant(DateTimeOffset? value) =>
        value?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    public static void WriteIfPresent(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    public static void WriteIfPresent(Utf8JsonWriter writer, string name, long? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
    }
}
