namespace ObjectStore.Objects;

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
