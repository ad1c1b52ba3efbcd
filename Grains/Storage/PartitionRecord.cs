using ObjectStore.Objects;
using ObjectStore.Partitions;

namespace ObjectStore.Storage;

/// <summary>A partition as stored, with every user's permissions.</summary>
public sealed record PartitionRecord(
    Hash PartitionHash,
    PartitionId Id,
    byte[] CanonicalId,
    IReadOnlyDictionary<long, Permission> Permissions);
