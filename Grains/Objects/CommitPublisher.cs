using Microsoft.Extensions.Logging;
using ObjectStore.Feeds;

namespace ObjectStore.Objects;

/// <summary>
/// Tells the rest of the cluster what a commit did: the version grains of each series what is now current, so that
/// "current" reads stay in memory, and the feeds of each partition what its log gained. The database is the truth:
/// a grain that misses the news (its silo died mid-call) reloads it when it next activates, and a feed reads the log.
/// </summary>
public sealed partial class CommitPublisher(IGrainFactory grains, PartitionLogNotices notices, ILogger<CommitPublisher> logger)
{
    public async Task PublishAsync(IEnumerable<StoreResult> results)
    {
        var committed = results.Where(result => !result.AlreadyStored).ToList();
        var updates = committed.Select(result => result.Object)
            .Select(stored => SetCurrentAsync(stored.BaseHash, stored.Sequence, stored.Kind == ObjectKind.PhysicalDelete ? null : stored));
        var logs = committed
            .GroupBy(result => result.Object.PartitionHash)
            .Select(partition => notices.PublishAsync(partition.Key, [.. partition.Select(LogEntryOf)]));
        await Task.WhenAll(updates.Concat(logs));
    }

    private static LogEntry LogEntryOf(StoreResult result)
    {
        var stored = result.Object;
        return new LogEntry(stored.Sequence, stored.AbsoluteHash, stored.BaseHash, stored.SortKey, stored.Kind, stored, result.PreviousSortKey);
    }

    /// <summary>Publishes what a purge appended to a partition's log, and tells the removed series' grains.</summary>
    public async Task PublishPurgedAsync(Hash partitionHash, IReadOnlyList<LogEntry> purged) =>
        await Task.WhenAll(purged.Select(entry => SetCurrentAsync(entry.BaseHash, entry.Sequence, null)).Append(notices.PublishAsync(partitionHash, purged)));

    /// <summary>The news is idempotent, so a failed call (a grain moving between silos) is simply tried once more.</summary>
    private async Task SetCurrentAsync(Hash baseHash, long sequence, StoredObject? current)
    {
        var updater = grains.GetGrain<IObjectVersionUpdater>(baseHash.Value);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await updater.SetCurrentAsync(sequence, current);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                if (attempt == 2)
                {
                    LogUpdateFailed(e, baseHash, sequence);
                    return;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not tell the version grain of {BaseHash} about the commit at sequence {Sequence}; it answers an older current version until it reactivates.")]
    private partial void LogUpdateFailed(Exception exception, Hash baseHash, long sequence);
}
