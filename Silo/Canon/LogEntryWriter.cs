using ObjectStore.Objects;

namespace ObjectStore.Silo.Canon;

/// <summary>
/// Entries of a partition's log as a <c>PageOfLogEntry</c>, an extension of the REST model: each entry's members in
/// ordinal order, its version spliced in as the canonical bytes stored; a null member (the version of a physical delete
/// that left no tombstone, a sort key that did not change) is left out, as Canon does.
/// </summary>
public static class LogEntryWriter
{
    public const string PageType = "PageOfLogEntry";

    public static byte[] Page(Page<LogEntry> page) => PageWriter.Write(page, Write, PageType);

    public static void Write(CanonWriter writer, LogEntry entry)
    {
        writer.StartObject();
        writer.String("absoluteHash", entry.AbsoluteHash.Value);
        writer.String("baseHash", entry.BaseHash.Value);
        writer.String("kind", KindName(entry.Kind));
        writer.Canonical("object", entry.Object?.Canonical);
        writer.String("previousSortKey", entry.PreviousSortKey);
        writer.Number("sequence", entry.Sequence);
        writer.String("sortKey", entry.SortKey);
        writer.EndObject();
    }

    /// <summary>What a write was: STORED, or the deletion types of a DeletedApplicationObject.</summary>
    public static string KindName(ObjectKind kind) => kind switch
    {
        ObjectKind.Stored => "STORED",
        ObjectKind.LogicalDelete => "LOGICAL_DELETE",
        ObjectKind.PhysicalDelete => "PHYSICAL_DELETE",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown object kind."),
    };
}
