namespace ObjectStore.Partitions;

/// <summary>
/// Group commit: what is submitted while a commit is in flight waits here and goes together in the next one. One drain
/// loop commits a batch at a time, in arrival order, each bounded by <see cref="WriteBatchOptions"/> (one item larger
/// than the bounds goes alone). A partition grain queues its callers' writes in one (<see cref="CommitQueue"/>); the
/// silo queues the grains' batches in another (<see cref="SiloCommitter"/>). If committing a batch throws, every item of
/// it gets the error (<paramref name="fail"/>): nobody is told "stored" for a write whose transaction did not commit.
/// <para>
/// Gathering: after a batch of n items (n ≥ 2: callers' units in a partition, partitions' batches in the silo) has
/// committed while q wait, the next batch waits up to <see cref="WriteBatchOptions.GatherDelay"/> for n + q items to wait
/// (or a full batch). The callers just answered are the likeliest to write again (a conversation's senders, a service's
/// request loops). Without the wait they would miss the next batch and queue for the one after, and concurrent writers
/// would settle into cohorts that take turns, each commit carrying a fraction of them. With it, one commit carries them
/// all for the same round trips and disk flush. A lone caller (n = 1), however many writes its unit holds, never waits,
/// and the delay bounds what any write waits for others.
/// </para>
/// </summary>
public sealed class GroupCommit<T>(
    Func<IReadOnlyList<T>, Task> commit,
    Action<T, Exception> fail,
    Func<T, int> writesOf,
    Func<T, long> bytesOf,
    WriteBatchOptions options,
    TimeProvider time,
    Action<bool> onGatherEnded,
    bool leaveCallerScheduler)
{
    private const int MaxBackoff = 64;

    private readonly Lock _gate = new();
    private readonly Queue<T> _waiting = new();
    private int _waitingWrites;
    private long _waitingBytes;
    private bool _committing;
    private int _gatherTarget;
    private TaskCompletionSource? _gathering;

    /// <summary>Batches that go without gathering since one ran out of time, and how many the next timeout skips (the drain loop's own).</summary>
    private int _skipGathers;
    private int _backoff;

    /// <summary>Whether a batch is being committed or gathered now: what is submitted meanwhile waits for the next one.</summary>
    public bool IsCommitting
    {
        get
        {
            lock (_gate)
            {
                return _committing;
            }
        }
    }

    /// <summary>Queues <paramref name="item"/> for the next batch, starting the drain loop when none runs.</summary>
    public void Submit(T item)
    {
        bool startDrain;
        TaskCompletionSource? release = null;
        lock (_gate)
        {
            _waiting.Enqueue(item);
            _waitingWrites += writesOf(item);
            _waitingBytes += bytesOf(item);
            startDrain = !_committing;
            _committing = true;
            if (_gathering is not null && EnoughWaits())
            {
                (release, _gathering) = (_gathering, null);
            }
        }

        release?.TrySetResult();
        if (startDrain)
        {
            // Task.Run leaves the caller's scheduler, for a loop that serves many grains.
            _ = leaveCallerScheduler ? Task.Run(DrainAsync) : DrainAsync();
        }
    }

    private async Task DrainAsync()
    {
        try
        {
            for (var batch = TakeBatch(); batch.Count > 0; batch = TakeBatch())
            {
                try
                {
                    await commit(batch);
                }
                catch (Exception e)
                {
                    foreach (var item in batch)
                    {
                        fail(item, e);
                    }
                }

                await GatherAsync(batch.Count);
            }
        }
        catch (Exception e)
        {
            // Only a fault of this loop itself lands here. What waits is failed, not left behind a loop that has ended
            // (and, in the silo's committer, every later write with it).
            List<T> stranded;
            lock (_gate)
            {
                stranded = [.. _waiting];
                _waiting.Clear();
                (_waitingWrites, _waitingBytes, _committing, _gathering) = (0, 0, false, null);
            }

            foreach (var item in stranded)
            {
                fail(item, e);
            }
        }
    }

    /// <summary>The next batch, taken off the queue in arrival order; empty (and the loop ends) when nothing waits.</summary>
    private List<T> TakeBatch()
    {
        lock (_gate)
        {
            var batch = BatchBounds.TakeWithin(_waiting, options, writesOf, bytesOf);
            foreach (var item in batch)
            {
                _waitingWrites -= writesOf(item);
                _waitingBytes -= bytesOf(item);
            }

            _committing = batch.Count > 0;
            return batch;
        }
    }

    /// <summary>After a batch of <paramref name="committed"/> items, waits (bounded) for as many to wait again.</summary>
    private async Task GatherAsync(int committed)
    {
        if (committed < 2 || options.GatherDelay <= TimeSpan.Zero)
        {
            return;
        }

        if (_skipGathers > 0)
        {
            _skipGathers--;
            return;
        }

        TaskCompletionSource filling;
        lock (_gate)
        {
            _gatherTarget = committed + _waiting.Count;
            if (EnoughWaits())
            {
                return;
            }

            filling = _gathering = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        using (time.CreateTimer(static state => ((TaskCompletionSource)state!).TrySetResult(), filling, options.GatherDelay, Timeout.InfiniteTimeSpan))
        {
            await filling.Task;
        }

        bool filled;
        lock (_gate)
        {
            _gathering = null;
            filled = EnoughWaits();
        }

        // Writers that did not write again at once (a steady trickle over many partitions, not a loop of callers) would pay
        // the delay on every batch for nothing: after a timeout, the next 1, 2, 4 … 64 batches go without gathering.
        _backoff = filled ? 0 : Math.Min(Math.Max(1, _backoff * 2), MaxBackoff);
        _skipGathers = _backoff;
        onGatherEnded(filled);
    }

    /// <summary>Whether enough waits for the next batch to go now: as many items as the gathering wants, or a full batch. Call under the lock.</summary>
    private bool EnoughWaits() =>
        _waiting.Count >= _gatherTarget || _waitingWrites >= options.MaxBatchWrites || _waitingBytes >= options.MaxBatchBytes;
}
