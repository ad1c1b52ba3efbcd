using ObjectStore.Objects;

namespace ObjectStore.Storage;

/// <summary>A feed's message: one entry of one partition's log.</summary>
public readonly record struct MessageKey(Hash PartitionHash, long Sequence);
