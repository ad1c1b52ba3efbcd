using ObjectStore.Objects;
using ObjectStore.Partitions;

namespace ObjectStore.Feeds;

/// <summary>A feed as stored. It expires at <see cref="ExpiryTime"/>, which every fetch pushes back.</summary>
[GenerateSerializer, Immutable, Alias("ObjectStore.Feed")]
public sealed record Feed(
    [property: Id(0)] Hash FeedHash,
    [property: Id(1)] PartitionId Id,
    [property: Id(2)] byte[] CanonicalId,
    [property: Id(3)] IReadOnlyList<PartitionSelection> Selections,
    [property: Id(4)] IReadOnlyList<UserPermissions> Readers,
    [property: Id(5)] DateTimeOffset ExpiryTime);
