using ObjectStore.Objects;

namespace ObjectStore.Storage;

/// <summary>A sort key of a partition: the key of <c>os_current</c>, held by at most one current object.</summary>
internal readonly record struct SortKeySlot(Hash PartitionHash, string SortKey);
