namespace ObjectStore.Bench;

/// <summary>What the bench process saw during a workload, from the meters of Npgsql and of the store's silo.</summary>
/// <param name="Executions">Commands and batches Npgsql sent, each one round trip (a transaction's BEGIN rides on its first).</param>
/// <param name="Batches">Partition transactions the store's group commit started (meter <c>ObjectStore.Writes</c>).</param>
/// <param name="BatchedWrites">Objects those transactions held.</param>
/// <param name="LargestBatch">The most objects one of them held.</param>
/// <param name="Gathers">Batches that waited for writes to queue again after a commit (<c>Writes:GatherDelay</c>).</param>
/// <param name="GatherTimeouts">Those whose wait ran out before as many writes queued.</param>
/// <param name="Commits">Transactions of writes the store committed (meter <c>ObjectStore</c>, <c>objectstore.commit.duration</c>).</param>
/// <param name="CommitTime">Their durations summed, from each one's start to its commit's return.</param>
/// <param name="ProcessorTime">CPU the process spent, on all cores: the silo, its clients and the workload's own.</param>
public sealed record ClientCounts(long Executions, long Batches, long BatchedWrites, long LargestBatch, long Gathers, long GatherTimeouts, long Commits, TimeSpan CommitTime, TimeSpan ProcessorTime);
