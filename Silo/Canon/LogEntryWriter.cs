using ObjectStore.Objects;
using ObjectStore.Sequences;

namespace ObjectStore.Silo.Canon;

/// <summary>
/// Entries of a partition's log as a <c>PageOfLogEntry</c> (of the firehose as a <c>PageOfFirehoseEntry</c>), extensions of the REST model: each entry's members in
/// ordinal order, its version spliced in as the canonical bytes stored; a null member (the version of a physical delete
/// that left no tombstone, a sort key that did not change) is left out, as Canon does.
/// </summary>
public static class LogEntryWriter
{
    public const string PageType = "PageOfLogEntry";
    public const string FirehosePageType = "PageOfFirehoseEntry";

    public static byte[] Page(Page<LogEntry> page) => PageWriter.Write(page, (writer, entry) => Write(writer, entry, partitionHash: null), PageType);

    /// <summary>The firehose's entries: log entries that also name their partition.</summary>
    public static byte[] Firehose(Page<FirehoseEntry> page) =>
        PageWriter.Write(page, (writer, item) => Write(writer, item.Entry, item.PartitionHash), FirehosePageType);

    private static void Write(CanonWriter writer, LogEntry entry, Hash? partitionHash)
    {
        writer.StartObject();
        writer.String("absoluteHash", entry.AbsoluteHash.Value);
        writer.String("baseHash", entry.BaseHash.Value);
        writer.String("kind", KindName(entry.Kind));
        writer.Canonical("object", entry.Object?.Canonical);
        writer.String("partitionHash", partitionHash?.Value);
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
