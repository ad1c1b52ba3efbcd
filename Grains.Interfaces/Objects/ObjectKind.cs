namespace ObjectStore.Objects;

/// <summary>What a version is: a stored object, a logical-delete tombstone, or the record of a physical delete.</summary>
[GenerateSerializer, Alias("ObjectStore.ObjectKind")]
public enum ObjectKind
{
    Stored = 0,
    LogicalDelete = 1,
    PhysicalDelete = 2,
}
