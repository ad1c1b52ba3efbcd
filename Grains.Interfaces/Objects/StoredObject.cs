using System.Text;

namespace ObjectStore.Objects;

/// <summary>What a version is: a stored object, a logical-delete tombstone, or the record of a physical delete.</summary>
[GenerateSerializer, Alias("ObjectStore.ObjectKind")]
public enum ObjectKind
{
    Stored = 0,
    LogicalDelete = 1,
    PhysicalDelete = 2,
}

/// <summary>
/// One version of an object as the store holds it: the canonical JSON bytes exactly as hashed, and the fields
/// the store indexes. <see cref="Sequence"/> is the version's position in its partition's log.
/// </summary>
[GenerateSerializer, Immutable, Alias("ObjectStore.StoredObject")]
public sealed record StoredObject(
    [property: Id(0)] Hash AbsoluteHash,
    [property: Id(1)] Hash BaseHash,
    [property: Id(2)] Hash PartitionHash,
    [property: Id(3)] string SortKey,
    [property: Id(4)] ObjectKind Kind,
    [property: Id(5)] long Sequence,
    [property: Id(6)] byte[] Canonical)
{
    /// <summary>The canonical JSON text, the exact bytes the absolute hash was computed from.</summary>
    public string Json => Encoding.UTF8.GetString(Canonical);
}

/// <summary>One entry of a partition's log: a committed write, in commit order.</summary>
/// <param name="Object">The version written, or null once it was physically deleted or purged.</param>
[GenerateSerializer, Immutable, Alias("ObjectStore.LogEntry")]
public sealed record LogEntry(
    [property: Id(0)] long Sequence,
    [property: Id(1)] Hash AbsoluteHash,
    [property: Id(2)] Hash BaseHash,
    [property: Id(3)] string SortKey,
    [property: Id(4)] ObjectKind Kind,
    [property: Id(5)] StoredObject? Object);

/// <summary>The outcome of storing one object: the version now current (or unchanged when the bytes were already stored).</summary>
[GenerateSerializer, Immutable, Alias("ObjectStore.StoreResult")]
public sealed record StoreResult(
    [property: Id(0)] StoredObject Object,
    [property: Id(1)] bool AlreadyStored);
