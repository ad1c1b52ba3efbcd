namespace ObjectStore.Objects;

/// <summary>One entry of a partition's log: a committed write, in commit order.</summary>
/// <param name="Object">The version written, or null once it was physically deleted or purged.</param>
/// <param name="PreviousSortKey">
/// The sort key the object had before this write, when the write changed it (null otherwise): a feed selecting a prefix
/// the object left still delivers the write, so that its consumer learns the object left.
/// </param>
[GenerateSerializer, Immutable, Alias("ObjectStore.LogEntry")]
public sealed record LogEntry(
    [property: Id(0)] long Sequence,
    [property: Id(1)] Hash AbsoluteHash,
    [property: Id(2)] Hash BaseHash,
    [property: Id(3)] string SortKey,
    [property: Id(4)] ObjectKind Kind,
    [property: Id(5)] StoredObject? Object,
    [property: Id(6)] string? PreviousSortKey = null);
