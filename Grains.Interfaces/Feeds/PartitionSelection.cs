using ObjectStore.Objects;

namespace ObjectStore.Feeds;

/// <summary>
/// A part of a partition a feed follows: every write committed in the partition whose sort key starts with
/// <see cref="SortKeyPrefix"/> (every write when it is null).
/// </summary>
[GenerateSerializer, Immutable, Alias("ObjectStore.PartitionSelection")]
public sealed record PartitionSelection(
    [property: Id(0)] Hash PartitionHash,
    [property: Id(1)] string? SortKeyPrefix = null)
{
    public bool Matches(string sortKey) => SortKeyPrefix is null || sortKey.StartsWith(SortKeyPrefix, StringComparison.Ordinal);
}
