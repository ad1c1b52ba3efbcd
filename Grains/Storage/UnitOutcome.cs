using ObjectStore.Errors;
using ObjectStore.Objects;

namespace ObjectStore.Storage;

/// <summary>
/// What became of one unit of a batch (a write, or the writes of a transaction, that commit together or not at all):
/// its results when it committed, or the error of the check it failed, which changed nothing.
/// </summary>
public sealed record UnitOutcome(IReadOnlyList<StoreResult>? Results, ObjectStoreException? Error)
{
    /// <summary>The results, or the unit's own error thrown.</summary>
    public IReadOnlyList<StoreResult> ResultsOrThrow() => Error is { } error ? throw error : Results!;
}
