using ObjectStore.Objects;

namespace ObjectStore.Feeds;

/// <summary>A message that was delivered the maximum number of times without being acknowledged.</summary>
/// <param name="Payload">Null when the version was removed since (a physical delete or a purge).</param>
[GenerateSerializer, Immutable, Alias("ObjectStore.DeadLetter")]
public sealed record DeadLetter(
    [property: Id(0)] string MessageId,
    [property: Id(1)] int Attempts,
    [property: Id(2)] DateTimeOffset DeadSince,
    [property: Id(3)] StoredObject? Payload);
