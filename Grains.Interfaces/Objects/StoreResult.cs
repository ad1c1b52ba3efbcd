namespace ObjectStore.Objects;

/// <summary>The outcome of storing one object: the version now current (or unchanged when the bytes were already stored).</summary>
/// <param name="PreviousSortKey">The sort key the write moved the object from, when it changed it: its log entry's too.</param>
[GenerateSerializer, Immutable, Alias("ObjectStore.StoreResult")]
public sealed record StoreResult(
    [property: Id(0)] StoredObject Object,
    [property: Id(1)] bool AlreadyStored,
    [property: Id(2)] string? PreviousSortKey = null);
