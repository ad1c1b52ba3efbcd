using ObjectStore.Feeds;
using ObjectStore.Objects;
using ObjectStore.Partitions;

namespace ObjectStore.Storage;

/// <summary>What an upsert stores; <see cref="FeedRecord"/> adds the cursors.</summary>
public sealed record FeedDefinition(
    Hash FeedHash,
    PartitionId Id,
    byte[] CanonicalId,
    IReadOnlyList<PartitionSelection> Selections,
    IReadOnlyList<long> Readers,
    DateTimeOffset ExpiresAt);
