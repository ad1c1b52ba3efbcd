namespace ObjectStore.Objects;

/// <summary>
/// A parsed, validated and hashed object, ready to be committed by the writer of its partition.
/// <see cref="BaseHash"/> and <see cref="PrevHash"/> are null for the first version of a series; <see cref="CreatedKey"/>
/// is its createdDate as sequences order it (<see cref="Sequences.SequenceInstant"/>), null when it has none.
/// </summary>
[GenerateSerializer, Immutable, Alias("ObjectStore.PreparedWrite")]
public sealed record PreparedWrite(
    [property: Id(0)] ObjectKind Kind,
    [property: Id(1)] Hash AbsoluteHash,
    [property: Id(2)] Hash PartitionHash,
    [property: Id(3)] string SortKey,
    [property: Id(4)] Hash? BaseHash,
    [property: Id(5)] Hash? PrevHash,
    [property: Id(6)] string? PrevSortKey,
    [property: Id(7)] long? Owner,
    [property: Id(8)] string? ThreadId,
    [property: Id(9)] DateTimeOffset? PurgeDate,
    [property: Id(10)] byte[] Canonical,
    [property: Id(11)] string? CreatedKey = null)
{
    public bool IsCreate => BaseHash is null;

    /// <summary>The base hash of the series this write belongs to (its own hash when it starts one).</summary>
    public Hash SeriesHash => BaseHash ?? AbsoluteHash;
}
