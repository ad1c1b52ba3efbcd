using System.Text;

namespace ObjectStore.Objects;

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
