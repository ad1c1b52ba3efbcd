using ObjectStore.Objects;

namespace ObjectStore.Partitions;

/// <summary>
/// Group commit: the writes that arrive while a commit is in flight wait here and go together in the next one. One
/// drain loop commits a batch at a time, in arrival order, each bounded by <see cref="WriteBatchOptions"/> (one unit
/// larger than the bounds goes alone). If committing a batch throws, every caller of that batch still waiting gets the
/// error: nobody is told "stored" for a write whose transaction did not commit.
/// </summary>
public sealed class CommitQueue(Func<IReadOnlyList<PendingCommit>, Task> commitBatch, WriteBatchOptions options)
{
    private readonly Lock _gate = new();
    private readonly Queue<PendingCommit> _waiting = new();
    private bool _committing;

    /// <summary>Whether a batch is being committed now: a write submitted meanwhile waits for the next one.</summary>
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

    /// <summary>Queues the unit and answers once its batch committed (or with its own error, or the batch's).</summary>
    public Task<IReadOnlyList<StoreResult>> SubmitAsync(PendingCommit pending)
    {
        bool startDrain;
        lock (_gate)
        {
            _waiting.Enqueue(pending);
            startDrain = !_committing;
            _committing = true;
        }

        if (startDrain)
        {
            _ = DrainAsync();
        }

        return pending.Answer;
    }

    /// <summary>The next batch, taken off the queue in arrival order; empty when nothing waits.</summary>
    private IReadOnlyList<PendingCommit> TakeBatch()
    {
        lock (_gate)
        {
            var batch = BatchBounds.TakeWithin(_waiting, options, pending => pending.Writes.Count, pending => pending.Bytes);
            if (batch.Count == 0)
            {
                _committing = false;
            }

            return batch;
        }
    }

    private async Task DrainAsync()
    {
        for (var batch = TakeBatch(); batch.Count > 0; batch = TakeBatch())
        {
            try
            {
                await commitBatch(batch);
            }
            catch (Exception e)
            {
                foreach (var pending in batch)
                {
                    pending.Fail(e);
                }
            }
        }
    }
}
