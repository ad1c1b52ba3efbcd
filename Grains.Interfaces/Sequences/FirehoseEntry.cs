using ObjectStore.Objects;

namespace ObjectStore.Sequences;

/// <summary>One commit of the whole store: a partition's log entry and where it stands in the firehose.</summary>
[GenerateSerializer, Immutable, Alias("ObjectStore.FirehoseEntry")]
public sealed record FirehoseEntry(
    [property: Id(0)] FirehosePosition Position,
    [property: Id(1)] Hash PartitionHash,
    [property: Id(2)] LogEntry Entry);
