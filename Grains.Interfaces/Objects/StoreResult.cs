namespace ObjectStore.Objects;

/// <summary>The outcome of storing one object: the version now current (or unchanged when the bytes were already stored).</summary>
[GenerateSerializer, Immutable, Alias("ObjectStore.StoreResult")]
public sealed record StoreResult(
    [property: Id(0)] StoredObject Object,
    [property: Id(1)] bool AlreadyStored);
