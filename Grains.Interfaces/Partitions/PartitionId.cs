namespace ObjectStore.Partitions;

/// <summary>The ID object of a partition (a Symphony NamedUserIdObject); the partition hash is its hash.</summary>
[GenerateSerializer, Immutable, Alias("ObjectStore.PartitionId")]
public sealed record PartitionId(
    [property: Id(0)] string Name,
    [property: Id(1)] long UserId);
