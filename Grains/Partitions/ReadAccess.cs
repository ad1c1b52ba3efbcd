namespace ObjectStore.Partitions;

/// <summary>
/// What a reader may do in a partition, and what a version grain needs to trust its memory of a series there.
/// </summary>
/// <param name="Epoch">
/// Every commit of the partition whose news may not have reached its version grains has a lower log sequence; a
/// version grain that loaded under a lower epoch reloads from the database.
/// </param>
/// <param name="TransactionsOpen">
/// A transaction across partitions is committing here, and its news is not in yet: the database is ahead of memory.
/// </param>
[GenerateSerializer, Immutable, Alias("ObjectStore.ReadAccess")]
public sealed record ReadAccess(
    [property: Id(0)] Permission Permission,
    [property: Id(1)] long Epoch,
    [property: Id(2)] bool TransactionsOpen);
