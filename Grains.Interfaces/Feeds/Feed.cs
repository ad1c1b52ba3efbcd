using ObjectStore.Objects;
using ObjectStore.Partitions;

namespace ObjectStore.Feeds;

/// <summary>A feed as stored. It expires at <see cref="ExpiryTime"/>, which every fetch pushes back.</summary>
/// <param name="Ordered">
/// Each partition's messages are delivered in log order: only the oldest message of a partition not yet acknowledged
/// is deliverable, and only while no delivery of it is in flight. Partitions still go to competing consumers side by side.
/// </param>
/// <param name="Firehose">The feed selects the whole store (administrators only), and <see cref="Selections"/> is empty.</param>
[GenerateSerializer, Immutable, Alias("ObjectStore.Feed")]
public sealed record Feed(
    [property: Id(0)] Hash FeedHash,
    [property: Id(1)] PartitionId Id,
    [property: Id(2)] byte[] CanonicalId,
    [property: Id(3)] IReadOnlyList<PartitionSelection> Selections,
    [property: Id(4)] IReadOnlyList<UserPermissions> Readers,
    [property: Id(5)] DateTimeOffset ExpiryTime,
    [property: Id(6)] bool Ordered = false,
    [property: Id(7)] bool Firehose = false);
