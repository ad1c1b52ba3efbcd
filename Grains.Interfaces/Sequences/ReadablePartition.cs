using ObjectStore.Objects;
using ObjectStore.Partitions;

namespace ObjectStore.Sequences;

/// <summary>A partition a user may read: its ID object as hashed, and what the user may do there.</summary>
/// <param name="Permissions">The owner's READ and WRITE, or what the partition granted the user.</param>
[GenerateSerializer, Immutable, Alias("ObjectStore.ReadablePartition")]
public sealed record ReadablePartition(
    [property: Id(0)] Hash PartitionHash,
    [property: Id(1)] byte[] CanonicalId,
    [property: Id(2)] Permission Permissions)
{
    /// <summary>The cursor that resumes a listing after this partition: its hash, URL-safe (the listing is in hash order).</summary>
    public string ToCursor() => PartitionHash.ToUrlSafe();
}
