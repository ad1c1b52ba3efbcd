using ObjectStore.Feeds;
using ObjectStore.Objects;
using ObjectStore.Partitions;

namespace ObjectStore.Storage;

/// <summary>What an upsert stores; <see cref="FeedRecord"/> adds the cursors.</summary>
/// <param name="Selections">The selections, without their starts (a stored feed keeps a place in each log instead).</param>
/// <param name="ExpiresAt">When the feed is removed unless it is used before.</param>
/// <param name="TimeToLive">How long after its last use the feed lives, when its upsert gave a time to live; null: the idle expiry.</param>
/// <param name="Ordered">Each partition's messages go out in log order, one at a time (<see cref="Feed.Ordered"/>).</param>
/// <param name="Starts">
/// Where the upsert starts the partitions it names a start for; used only for a partition the feed does not select yet.
/// Empty once stored.
/// </param>
/// <param name="Firehose">
/// The feed selects the whole store: where an upsert starts it (a <see cref="FeedStart"/> of neither kind: now), used only
/// when the feed is created; a stored firehose feed has one of neither kind. Null: the feed selects partitions.
/// </param>
public sealed record FeedDefinition(
    Hash FeedHash,
    PartitionId Id,
    byte[] CanonicalId,
    IReadOnlyList<PartitionSelection> Selections,
    IReadOnlyList<long> Readers,
    DateTimeOffset ExpiresAt,
    TimeSpan? TimeToLive,
    bool Ordered = false,
    IReadOnlyDictionary<Hash, FeedStart>? Starts = null,
    FeedStart? Firehose = null);
