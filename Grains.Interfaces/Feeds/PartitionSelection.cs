using ObjectStore.Objects;

namespace ObjectStore.Feeds;

/// <summary>
/// A part of a partition a feed follows: every write committed in the partition whose sort key starts with
/// <see cref="SortKeyPrefix"/> (every write when it is null), from <see cref="Start"/> on (null: from now).
/// </summary>
/// <remarks>
/// The start is part of an upsert only: the feed keeps a place in the partition's log, not the start it was given, so
/// a stored feed's selections carry none.
/// </remarks>
[GenerateSerializer, Immutable, Alias("ObjectStore.PartitionSelection")]
public sealed record PartitionSelection(
    [property: Id(0)] Hash PartitionHash,
    [property: Id(1)] string? SortKeyPrefix = null,
    [property: Id(2)] FeedStart? Start = null)
{
    public bool Matches(string sortKey) => SortKeyPrefix is null || sortKey.StartsWith(SortKeyPrefix, StringComparison.Ordinal);
}
