namespace ObjectStore.Objects;

/// <summary>
/// A page of results with the cursors of the REST model: <see cref="Before"/> points at the first item (to walk back),
/// <see cref="After"/> at the last one and is null on the last page.
/// </summary>
[GenerateSerializer, Immutable, Alias("ObjectStore.Page`1")]
public sealed record Page<T>(
    [property: Id(0)] IReadOnlyList<T> Items,
    [property: Id(1)] string? Before,
    [property: Id(2)] string? After);

/// <summary>Limits shared by every paged query.</summary>
public static class PageLimits
{
    public const int Max = 100;
    public const int Default = 100;

    public static void Validate(int limit)
    {
        if (limit is < 1 or > Max)
        {
            throw new Errors.InvalidInputException($"'limit' must be between 1 and {Max}, was {limit}.");
        }
    }
}

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

/// <summary>A query over a sequence-ordered list (versions of an object, a partition's log).</summary>
[GenerateSerializer, Immutable, Alias("ObjectStore.SequencePageQuery")]
public sealed record SequencePageQuery
{
    [Id(0)] public int Limit { get; init; } = PageLimits.Default;

    /// <summary>Exclusive cursor: a value of <see cref="Page{T}.After"/> from an earlier page.</summary>
    [Id(1)] public string? After { get; init; }

    [Id(2)] public bool ScanForwards { get; init; } = true;

    public void Validate()
    {
        PageLimits.Validate(Limit);
        ParseAfter();
    }

    public long? ParseAfter() =>
        After is null ? null
        : long.TryParse(After, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value
        : throw new Errors.InvalidInputException($"'after' is not a cursor of this list: '{After}'.");
}
