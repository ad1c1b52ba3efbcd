namespace ObjectStore.Storage;

/// <summary>
/// Bounds on the sort keys of a page: <see cref="Min"/> and <see cref="Max"/> are inclusive, <see cref="ExclusiveFrom"/> is
/// the cursor (exclusive, in the scan direction), <see cref="Prefix"/> keeps only keys that start with it.
/// </summary>
public sealed record SortKeyRange(string? Min, string? Max, string? Prefix, string? ExclusiveFrom);
