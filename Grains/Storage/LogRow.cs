using ObjectStore.Objects;

namespace ObjectStore.Storage;

/// <summary>A row of <c>os_log</c>, as a batch appends it.</summary>
/// <param name="Tombstone">The body of a physical delete, which has no row in os_objects: the log keeps it for feeds.</param>
/// <param name="CreatedKey">The version's createdDate key, or its commit time's when it has none: what bounds log reads by date.</param>
internal sealed record LogRow(
    Hash PartitionHash, long Sequence, Hash AbsoluteHash, Hash BaseHash, string SortKey, ObjectKind Kind, byte[]? Tombstone, string? PreviousSortKey,
    string CreatedKey);
