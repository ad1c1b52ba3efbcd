namespace ObjectStore.Objects;

/// <summary>One entry of a partition's log: a committed write, in commit order.</summary>
/// <param name="Object">The version written, or null once it was physically deleted or purged.</param>
[GenerateSerializer, Immutable, Alias("ObjectStore.LogEntry")]
public sealed record LogEntry(
    [property: Id(0)] long Sequence,
    [property: Id(1)] Hash AbsoluteHash,
    [property: Id(2)] Hash BaseHash,
    [property: Id(3)] string SortKey,
    [property: Id(4)] ObjectKind Kind,
    [property: Id(5)] StoredObject? Object);
