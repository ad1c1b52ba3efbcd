using ObjectStore.Objects;

namespace ObjectStore.Partitions;

[GenerateSerializer, Immutable, Alias("ObjectStore.Partition")]
public sealed record Partition(
    [property: Id(0)] Hash PartitionHash,
    [property: Id(1)] PartitionId Id,
    [property: Id(2)] byte[] CanonicalId);
