namespace ObjectStore.Storage;

/// <param name="Kept">Objects the store still holds.</param>
/// <param name="Removed">Objects no box and no recent put or book reached.</param>
/// <param name="ExpiredEnvelopes">Message box entries dropped because their envelope had expired.</param>
[GenerateSerializer, Alias("ObjectStore.CollectionReport")]
public sealed record CollectionReport(
    [property: Id(0)] DateTimeOffset RanAt,
    [property: Id(1)] long Kept,
    [property: Id(2)] long Removed,
    [property: Id(3)] long ExpiredEnvelopes);
