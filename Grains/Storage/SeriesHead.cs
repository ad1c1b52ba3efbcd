using ObjectStore.Objects;

namespace ObjectStore.Storage;

/// <summary>
/// A row of <c>os_heads</c>: which version of a series is current, and what the series keeps from its first version, its
/// thread and the createdDate key that places it in current views.
/// </summary>
internal sealed record SeriesHead(
    Hash PartitionHash, Hash CurrentHash, string SortKey, ObjectKind Kind, long? OwnerId, string? ThreadId, long? PurgeAt, string FirstCreatedKey);
