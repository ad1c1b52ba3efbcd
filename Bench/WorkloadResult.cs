namespace ObjectStore.Bench;

/// <summary>
/// The phases of a workload: writes, then reads of what was written, then a feed of further writes, then puts and gets
/// of Condensation objects.
/// </summary>
public sealed record WorkloadResult(PhaseResult Creates, PhaseResult Reads, FeedResult Feed, PhaseResult CondensationPuts, PhaseResult CondensationGets);
