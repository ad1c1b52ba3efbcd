using ObjectStore.Objects;

namespace ObjectStore.Silo.Canon;

/// <summary>
/// A page in the <c>{data:[...], pagination:{cursors:{after, before}}}</c> shape of the REST model; a cursor is left
/// out when there is none (<c>after</c> on the last page).
/// </summary>
public static class PageWriter
{
    public static byte[] Write<T>(Page<T> page, Action<CanonWriter, T> writeItem) => Write(page, writeItem, type: null);

    /// <summary>A page that names its <c>_type</c>, as the store's extensions do (<c>PageOfLogEntry</c>, ...).</summary>
    public static byte[] Write<T>(Page<T> page, Action<CanonWriter, T> writeItem, string? type) => CanonWriter.Document(writer =>
    {
        writer.StartObject();
        writer.String("_type", type);
        writer.Name("data");
        writer.Array(page.Items, writeItem);
        writer.Name("pagination");
        writer.StartObject();
        writer.Name("cursors");
        writer.StartObject();
        writer.String("after", page.After);
        writer.String("before", page.Before);
        writer.EndObject();
        writer.EndObject();
        writer.EndObject();
    });
}
