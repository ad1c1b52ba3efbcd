using ObjectStore.Objects;

namespace ObjectStore.Silo.Canon;

/// <summary>
/// Stored objects as responses: the canonical bytes their absolute hash was computed from, alone or spliced into an
/// array or a page as they are.
/// </summary>
public static class ObjectWriter
{
    public static void Write(CanonWriter writer, StoredObject stored) => writer.Canonical(stored.Canonical);

    public static byte[] Array(IEnumerable<StoredObject> objects) => CanonWriter.Document(writer => writer.Array(objects, Write));

    public static byte[] Page(Page<StoredObject> page) => PageWriter.Write(page, Write);

    /// <summary>A page of a sequence's view, an extension that names its type, as the log's pages do.</summary>
    public static byte[] SequencePage(Page<StoredObject> page) => PageWriter.Write(page, Write, "PageOfSequenceObject");
}
