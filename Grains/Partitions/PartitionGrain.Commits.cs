using ObjectStore.Errors;
using ObjectStore.Objects;
using ObjectStore.Storage;

namespace ObjectStore.Partitions;

/// <summary>
/// Writes. A call is checked on arrival (permission, bytes, partition, owner) and queued; the queue's one drain loop
/// commits what waits as one database transaction per batch, in which each unit passes or fails its own checks.
/// <see cref="CommitAsync"/> interleaves (see <see cref="IPartitionWriter"/>), so calls arrive while a batch commits.
/// </summary>
public sealed partial class PartitionGrain
{
    private CommitQueue? _commits;

    /// <summary>The notices of the batches committed so far, published one batch after another.</summary>
    private Task _notices = Task.CompletedTask;

    public async Task<IReadOnlyList<StoreResult>> CommitAsync(long caller, IReadOnlyList<PreparedWrite> writes)
    {
        await RequireAsync(caller, Permission.Write);
        if (writes is null or [])
        {
            throw new InvalidInputException("A commit holds at least one write.");
        }

        WriteRules.CheckAgainstBytes(parser, writes);
        if (writes.Any(write => write.PartitionHash != PartitionHash))
        {
            throw new InvalidInputException($"Partition {PartitionHash} was asked to commit a write of another partition.");
        }

        WriteRules.CheckOwner(caller, writes);
        if (_commits!.IsCommitting)
        {
            metrics.Queued();
        }

        return await _commits.SubmitAsync(new PendingCommit(caller, writes));
    }

    public async Task<int> PurgeAsync(IReadOnlyList<Hash> baseHashes)
    {
        RequirePartition();
        var purged = await storage.PurgeAsync(PartitionHash, baseHashes, clock.GetUtcNow(), CancellationToken.None);
        RaiseEpochUnlessTold(await publisher.PublishPurgedAsync(PartitionHash, purged), purged.Select(entry => entry.Sequence));
        return purged.Count;
    }

    /// <summary>
    /// One transaction for the batch, shared with the batches of other partitions that wait for the silo's
    /// <see cref="SiloCommitter"/> meanwhile. Permissions are checked again, as they are now: an owner may have revoked the
    /// caller's WRITE while the write waited. Callers are answered after the commit and its notices; the next batch
    /// does not wait for those.
    /// </summary>
    private async Task CommitBatchAsync(IReadOnlyList<PendingCommit> batch)
    {
        metrics.BatchStarted(batch);
        var permitted = new List<PendingCommit>(batch.Count);
        foreach (var pending in batch)
        {
            try
            {
                await RequireAsync(pending.Caller, Permission.Write);
                permitted.Add(pending);
            }
            catch (ObjectStoreException refused)
            {
                pending.Fail(refused);
            }
        }

        if (permitted.Count == 0)
        {
            return;
        }

        var outcomes = await committer.CommitAsync([.. permitted.Select(pending => pending.Writes)], [.. permitted.Select(pending => pending.Trace)]);
        LogBatchCommitted(PartitionHash, permitted.Count, outcomes.Count(outcome => outcome.Error is not null));
        _notices = PublishThenAnswerAsync(_notices, permitted, outcomes);
    }

    /// <summary>
    /// Tells the cluster what a batch committed, after the batches before it (notices stay in commit order), then answers
    /// its callers. It runs while the next batch commits: waiting for the notices would hold every write queued behind.
    /// </summary>
    private async Task PublishThenAnswerAsync(Task previous, IReadOnlyList<PendingCommit> batch, IReadOnlyList<UnitOutcome> outcomes)
    {
        await previous;
        var results = outcomes.SelectMany(outcome => outcome.Results ?? []).ToList();
        var versionGrainsTold = false;
        try
        {
            versionGrainsTold = await publisher.PublishAsync(results);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The writes are committed whatever became of their notices: feeds read the log, and the raised epoch below
            // sends the version grains to the database.
            LogNoticesFailed(e, PartitionHash);
        }

        RaiseEpochUnlessTold(versionGrainsTold, results.Select(result => result.Object.Sequence));

        foreach (var (pending, outcome) in batch.Zip(outcomes))
        {
            pending.Complete(outcome);
        }
    }
}
