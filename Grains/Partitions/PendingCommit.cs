using System.Diagnostics;
using ObjectStore.Objects;
using ObjectStore.Storage;

namespace ObjectStore.Partitions;

/// <summary>One caller's writes waiting in a <see cref="CommitQueue"/>, and the answer the caller awaits.</summary>
public sealed class PendingCommit(long caller, IReadOnlyList<PreparedWrite> writes)
{
    private readonly TaskCompletionSource<IReadOnlyList<StoreResult>> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public long Caller { get; } = caller;

    public IReadOnlyList<PreparedWrite> Writes { get; } = writes;

    public long Bytes { get; } = writes.Sum(write => (long)write.Canonical.Length);

    /// <summary>The caller's span when it called (default without tracing): the commit that carries its writes links to it.</summary>
    public ActivityContext Trace { get; } = Activity.Current?.Context ?? default;

    public Task<IReadOnlyList<StoreResult>> Answer => _answer.Task;

    /// <summary>Answers the caller with what its unit's commit came to; only once the transaction has committed.</summary>
    public void Complete(UnitOutcome outcome)
    {
        if (outcome.Error is { } error)
        {
            Fail(error);
        }
        else
        {
            _answer.TrySetResult(outcome.Results!);
        }
    }

    /// <summary>Fails the caller; does nothing once it was answered.</summary>
    public void Fail(Exception error) => _answer.TrySetException(error);
}
