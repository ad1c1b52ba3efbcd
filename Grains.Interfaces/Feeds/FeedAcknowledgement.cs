namespace ObjectStore.Feeds;

/// <summary>Acknowledges (<see cref="Delete"/>) and changes the visibility of (<see cref="Extend"/>) messages by receipt handle.</summary>
[GenerateSerializer, Immutable, Alias("ObjectStore.FeedAcknowledgement")]
public sealed record FeedAcknowledgement(
    [property: Id(0)] IReadOnlyList<string>? Delete = null,
    [property: Id(1)] IReadOnlyList<VisibilityChange>? Extend = null);
