namespace ObjectStore.Bench;

/// <summary>What the store achieved in one run, workload by workload (names as in the report).</summary>
/// <param name="W1">W1's rounds, each with the raw inserts run beside it.</param>
/// <param name="WorkingSetBytes">The bench process's working set right after W1's first round; the silo is hosted in it.</param>
/// <param name="W2">W2's rounds, each with the raw inserts run beside it.</param>
/// <param name="W3Conflicts">Versions refused with version-conflict in W3, each retried from the current version.</param>
public sealed record StoreResults(
    Rounds W1,
    long WorkingSetBytes,
    PhaseResult R1,
    PhaseResult R2,
    Rounds W2,
    PhaseResult W3,
    long W3Conflicts,
    PhaseResult H1,
    FeedResult Feed);
