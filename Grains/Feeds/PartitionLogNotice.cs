using ObjectStore.Objects;
namespace ObjectStore.Feeds;

/// <summary>
/// What one commit appended to a partition's log, sent by the partition's grain to the feeds that follow the partition
/// (<see cref="IPartitionLogListener"/>). It is the fast path only: a notice is lost when a silo dies between a commit
/// and its delivery, and a feed that sees a gap in the sequence numbers reads the log itself. It carries when the commit
/// became durable (by the store's clock), from which a feed measures its delivery latency.
/// </summary>
[GenerateSerializer, Immutable, Alias("ObjectStore.PartitionLogNotice")]
public sealed record PartitionLogNotice(
    [property: Id(0)] Hash PartitionHash,
    [property: Id(1)] IReadOnlyList<LogEntry> Entries,
    [property: Id(2)] DateTimeOffset? CommittedAt = null);
