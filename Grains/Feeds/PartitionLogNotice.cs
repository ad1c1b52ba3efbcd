using ObjectStore.Objects;
namespace ObjectStore.Feeds;

/// <summary>
/// What one commit appended to a partition's log, carried by an Orleans stream from the writer to the feeds that
/// follow the partition. The stream is the fast path only: it may lose notices (memory streams are at most once),
/// and a feed that sees a gap in the sequence numbers reads the log itself.
/// </summary>
[GenerateSerializer, Immutable, Alias("ObjectStore.PartitionLogNotice")]
public sealed record PartitionLogNotice(
    [property: Id(0)] Hash PartitionHash,
    [property: Id(1)] IReadOnlyList<LogEntry> Entries);
