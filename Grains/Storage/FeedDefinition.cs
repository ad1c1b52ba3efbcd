using ObjectStore.Feeds;
using ObjectStore.Objects;
using ObjectStore.Partitions;

namespace ObjectStore.Storage;

/// <summary>What an upsert stores; <see cref="FeedRecord"/> adds the cursors.</summary>
/// <param name="ExpiresAt">When the feed is removed unless it is used before.</param>
/// <param name="TimeToLive">How long after its last use the feed lives, when its upsert gave a time to live; null: the idle expiry.</param>
public sealed record FeedDefinition(
    Hash FeedHash,
    PartitionId Id,
    byte[] CanonicalId,
    IReadOnlyList<PartitionSelection> Selections,
    IReadOnlyList<long> Readers,
    DateTimeOffset ExpiresAt,
    TimeSpan? TimeToLive);
