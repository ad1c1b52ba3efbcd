namespace ObjectStore.Feeds;

/// <summary>What a feed holds right now, for operators and tests.</summary>
/// <param name="Pending">Messages loaded and not acknowledged, in flight or not.</param>
/// <param name="InFlight">Pending messages delivered and not yet visible again.</param>
/// <param name="Backlog">Whether the partition logs hold more writes than the feed has loaded.</param>
/// <param name="Partitions">
/// The consumer lag in each selected partition the caller may read now (a reader is told nothing of a partition whose
/// READ they lost), in the order the feed selects them.
/// </param>
[GenerateSerializer, Immutable, Alias("ObjectStore.FeedStatus")]
public sealed record FeedStatus(
    [property: Id(0)] int Pending,
    [property: Id(1)] int InFlight,
    [property: Id(2)] int DeadLetters,
    [property: Id(3)] bool Backlog,
    [property: Id(4)] IReadOnlyList<PartitionLag> Partitions);
