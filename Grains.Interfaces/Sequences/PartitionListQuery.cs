using ObjectStore.Errors;
using ObjectStore.Objects;

namespace ObjectStore.Sequences;

/// <summary>A page of the partitions a user may read: up to <see cref="Limit"/> after the cursor <see cref="After"/>, in hash order.</summary>
[GenerateSerializer, Immutable, Alias("ObjectStore.PartitionListQuery")]
public sealed record PartitionListQuery
{
    [Id(0)] public int Limit { get; init; } = PageLimits.Default;

    /// <summary>Exclusive cursor: a value of <see cref="Page{T}.After"/> from an earlier page (from the start when null).</summary>
    [Id(1)] public string? After { get; init; }

    /// <summary>Checks the limit and answers the partition the cursor points at.</summary>
    public Hash? Validate()
    {
        PageLimits.Validate(Limit);
        return After is null ? null
            : Hash.TryParse(After, out var partitionHash) ? partitionHash
            : throw new InvalidInputException($"'after' is not a cursor of this list: '{After}'.");
    }
}
