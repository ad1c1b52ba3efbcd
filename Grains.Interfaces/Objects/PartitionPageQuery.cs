namespace ObjectStore.Objects;

/// <summary>
/// A query over a partition's current objects in sort-key order. <see cref="After"/> and <see cref="Before"/> are
/// exclusive sort-key cursors in the scan direction; a prefix cannot be combined with a min or max.
/// </summary>
[GenerateSerializer, Immutable, Alias("ObjectStore.PartitionPageQuery")]
public sealed record PartitionPageQuery
{
    [Id(0)] public int Limit { get; init; } = PageLimits.Default;
    [Id(1)] public string? After { get; init; }
    [Id(2)] public string? Before { get; init; }
    [Id(3)] public bool ScanForwards { get; init; } = true;
    [Id(4)] public string? SortKeyPrefix { get; init; }
    [Id(5)] public string? SortKeyMin { get; init; }
    [Id(6)] public string? SortKeyMax { get; init; }

    public void Validate()
    {
        PageLimits.Validate(Limit);
        if (SortKeyPrefix is not null && (SortKeyMin is not null || SortKeyMax is not null))
        {
            throw new Errors.InvalidInputException("'sortKeyPrefix' cannot be combined with 'sortKeyMin' or 'sortKeyMax'.");
        }

        if (After is not null && Before is not null)
        {
            throw new Errors.InvalidInputException("Give 'after' or 'before', not both.");
        }
    }
}
