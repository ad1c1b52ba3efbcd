namespace ObjectStore.Objects;

/// <summary>
/// A page of results with the cursors of the REST model: <see cref="Before"/> points at the first item (to walk back),
/// <see cref="After"/> at the last one and is null on the last page.
/// </summary>
[GenerateSerializer, Immutable, Alias("ObjectStore.Page`1")]
public sealed record Page<T>(
    [property: Id(0)] IReadOnlyList<T> Items,
    [property: Id(1)] string? Before,
    [property: Id(2)] string? After);
