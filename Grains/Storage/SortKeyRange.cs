namespace ObjectStore.Storage;

/// <summary>
/// Bounds on the sort keys of a page: <see cref="Min"/> is exclusive and <see cref="Max"/> inclusive, as object.json
/// defines <c>sortKeyMin</c> and <c>sortKeyMax</c>; <see cref="ExclusiveFrom"/> is
/// the cursor (exclusive, in the scan direction), <see cref="Prefix"/> keeps only keys that start with it.
/// </summary>
public sealed record SortKeyRange(string? Min, string? Max, string? Prefix, string? ExclusiveFrom);
