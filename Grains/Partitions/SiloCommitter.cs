using System.Diagnostics;
using ObjectStore.Objects;
using ObjectStore.Storage;
using ObjectStore.Telemetry;

namespace ObjectStore.Partitions;

/// <summary>
/// Group commit across partitions: the silo's one way to the database for the batches of its partition grains. While
/// one transaction is in flight, the batches other grains hand in wait here, and the next transaction takes them all
/// (bounded, like a grain's own batch, by <see cref="WriteBatchOptions"/>; one batch larger than the bounds goes alone),
/// so that many quiet partitions share one commit instead of paying one each. Each grain gets back its own units'
/// outcomes, once the transaction has committed; if it throws, every grain in it gets the error.
/// <para>
/// A grain hands in its next batch only once its previous one is answered, so a partition has at most one batch here
/// and its log stays contiguous per batch. The transaction locks every partition it touches in hash order, as the
/// cross-partition path does, so committers on different silos cannot deadlock. The drain loop runs on the thread
/// pool, not on the scheduler of the grain that started it, and ends when nothing waits: an idle silo does no work.
/// </para>
/// </summary>
public sealed class SiloCommitter(
    Func<IReadOnlyList<IReadOnlyList<PreparedWrite>>, CancellationToken, Task<IReadOnlyList<UnitOutcome>>> commitUnits,
    WriteBatchOptions options,
    WriteBatchMetrics metrics,
    ObjectStoreTracing tracing,
    TimeProvider time)
{
    private readonly GroupCommit<Submission> _transactions = new(
        transaction => CommitTransactionAsync(transaction, commitUnits, metrics, tracing),
        static (submission, error) => submission.Fail(error),
        static submission => submission.Writes,
        static submission => submission.Bytes,
        options,
        time,
        filled => metrics.Gathered("silo", filled),
        leaveCallerScheduler: true);

    /// <summary>
    /// Commits a partition grain's batch with whatever else waits; answers one outcome per unit, in order. The spans of
    /// the units' callers (<paramref name="callers"/>, when traced) are linked to the transaction's.
    /// </summary>
    public Task<IReadOnlyList<UnitOutcome>> CommitAsync(IReadOnlyList<IReadOnlyList<PreparedWrite>> units, IReadOnlyList<ActivityContext>? callers = null)
    {
        var submission = new Submission(units, callers ?? []);
        _transactions.Submit(submission);
        return submission.Outcomes;
    }

    private static async Task CommitTransactionAsync(
        IReadOnlyList<Submission> transaction,
        Func<IReadOnlyList<IReadOnlyList<PreparedWrite>>, CancellationToken, Task<IReadOnlyList<UnitOutcome>>> commitUnits,
        WriteBatchMetrics metrics,
        ObjectStoreTracing tracing)
    {
        metrics.SharedTransactionStarted(transaction.Count);
        using var span = tracing.StartGroupCommit([.. transaction.SelectMany(submission => submission.Callers)]);
        var outcomes = await commitUnits([.. transaction.SelectMany(submission => submission.Units)], CancellationToken.None);
        var first = 0;
        foreach (var submission in transaction)
        {
            submission.Complete([.. outcomes.Skip(first).Take(submission.Units.Count)]);
            first += submission.Units.Count;
        }
    }

    /// <summary>One grain's batch waiting for a transaction, and the outcomes the grain awaits.</summary>
    private sealed class Submission(IReadOnlyList<IReadOnlyList<PreparedWrite>> units, IReadOnlyList<ActivityContext> callers)
    {
        private readonly TaskCompletionSource<IReadOnlyList<UnitOutcome>> _outcomes = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IReadOnlyList<IReadOnlyList<PreparedWrite>> Units { get; } = units;

        public IReadOnlyList<ActivityContext> Callers { get; } = callers;

        public int Writes { get; } = units.Sum(unit => unit.Count);

        public long Bytes { get; } = units.Sum(unit => unit.Sum(write => (long)write.Canonical.Length));

        public Task<IReadOnlyList<UnitOutcome>> Outcomes => _outcomes.Task;

        public void Complete(IReadOnlyList<UnitOutcome> outcomes) => _outcomes.TrySetResult(outcomes);

        public void Fail(Exception error) => _outcomes.TrySetException(error);
    }
}
