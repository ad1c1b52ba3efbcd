using ObjectStore.Objects;

namespace ObjectStore.Feeds;

/// <summary>What the feed's owner and readers learn about it besides its messages: its status, consumer lag and dead letters.</summary>
public sealed partial class FeedGrain
{
    public async Task<FeedStatus> GetStatusAsync(long caller)
    {
        Rules.RequireReader(caller);
        await ReleaseExpiredAsync(clock.GetUtcNow());
        await SaveCursorsAsync(); // The lag then counts every acknowledgement made before this call.
        var deadLetters = await storage.CountDeadLettersAsync(FeedHash, CancellationToken.None);
        return new FeedStatus(Messages.Held, Messages.InFlight, deadLetters, Cursors.HasBacklog, await LagAsync(caller));
    }

    public async Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(long caller, int limit)
    {
        Rules.RequireReader(caller);
        FeedRules.ValidateDeadLetterLimit(limit);
        var readable = await ReadablePartitionsAsync(caller); // As fetch does: a dead letter is a message too.
        var records = await storage.ListDeadLettersAsync(FeedHash, requeued: false, limit, readable, CancellationToken.None);
        return [.. records.Select(record => new DeadLetter(FeedMessageIds.Of(record.Message), record.Attempts, record.DeadSince, record.Entry.Object))];
    }

    public async Task<int> RequeueDeadLettersAsync(long caller, IReadOnlyList<string> messageIds)
    {
        Rules.RequireOwner(caller);
        var keys = messageIds is null or { Count: 0 } ? null : messageIds.Select(FeedMessageIds.Parse).ToList();
        var requeued = await storage.RequeueDeadLettersAsync(FeedHash, keys, CancellationToken.None);
        await LoadRequeuedAsync();
        LogRequeued(FeedHash, requeued);
        return requeued;
    }

    /// <summary>
    /// How far the stored cursors are behind their logs, in the partitions the caller may read now (as fetch does: the
    /// length of a log is news about the partition), in the order the feed selects them.
    /// </summary>
    private async Task<IReadOnlyList<PartitionLag>> LagAsync(long caller)
    {
        var readable = await ReadablePartitionsAsync(caller);
        var lag = (await storage.ListLagAsync(FeedHash, CancellationToken.None)).ToDictionary(partition => partition.PartitionHash);
        return [.. Rules.RequireFeed().Selections.Select(selection => selection.PartitionHash).Distinct()
            .Where(partition => readable?.Contains(partition) != false).Select(partition => lag.GetValueOrDefault(partition)).OfType<PartitionLag>()];
    }
}
