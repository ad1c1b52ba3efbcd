using ObjectStore.Objects;

namespace ObjectStore.Partitions;

/// <summary>
/// A partition grain's group commit (<see cref="GroupCommit{T}"/>): its callers' writes that arrive while a commit is in
/// flight go together in the next batch. The drain loop runs on the grain's scheduler, between its calls.
/// </summary>
public sealed class CommitQueue(Func<IReadOnlyList<PendingCommit>, Task> commitBatch, WriteBatchOptions options, TimeProvider time, WriteBatchMetrics metrics)
{
    private readonly GroupCommit<PendingCommit> _commits = new(
        commitBatch, static (pending, error) => pending.Fail(error), static pending => pending.Writes.Count, static pending => pending.Bytes,
        options, time, filled => metrics.Gathered("partition", filled), leaveCallerScheduler: false);

    /// <summary>Whether a batch is being committed or gathered now: a write submitted meanwhile waits for the next one.</summary>
    public bool IsCommitting => _commits.IsCommitting;

    /// <summary>Queues the unit and answers once its batch committed (or with its own error, or the batch's).</summary>
    public Task<IReadOnlyList<StoreResult>> SubmitAsync(PendingCommit pending)
    {
        _commits.Submit(pending);
        return pending.Answer;
    }
}
