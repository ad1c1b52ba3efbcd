using Microsoft.Extensions.Logging;
using ObjectStore.Feeds;
using ObjectStore.Hosting;

namespace ObjectStore.Objects;

/// <summary>
/// Tells the rest of the cluster what a commit did: the version grains of each series what is now current, so that
/// "current" reads stay in memory, and the feeds of each partition what its log gained. The database is the truth:
/// a version grain that misses the news reloads once its partition's epoch rises (the writer raises it when this says
/// the news failed, a new activation when the writer's silo died), and a feed reads the log.
/// </summary>
public sealed partial class CommitPublisher(IGrainFactory grains, PartitionLogNotices notices, ILogger<CommitPublisher> logger)
{
    private GrainReferences<IObjectVersionUpdater>? _updaters;

    private GrainReferences<IObjectVersionUpdater> Updaters => _updaters ??= new(grains);

    /// <returns>Whether every version grain was told; when not, the writer raises its partition's epoch.</returns>
    public async Task<bool> PublishAsync(IEnumerable<StoreResult> results)
    {
        var committed = results.Where(result => !result.AlreadyStored).ToList();
        // A series' first version needs no news: its version grain holds nothing for it yet (a series removed before
        // it was created again left the grain empty, or raised the partition's epoch), and the next read loads it. So a
        // create activates no version grain.
        var updates = committed.Select(result => result.Object)
            .Where(stored => stored.AbsoluteHash != stored.BaseHash)
            .Select(stored => SetCurrentAsync(stored.BaseHash, stored.Sequence, stored.Kind == ObjectKind.PhysicalDelete ? null : stored));
        var logs = committed
            .GroupBy(result => result.Object.PartitionHash)
            .Select(partition => notices.PublishAsync(partition.Key, [.. partition.Select(LogEntryOf)]));
        return await TellAllAsync(updates, logs);
    }

    private static LogEntry LogEntryOf(StoreResult result)
    {
        var stored = result.Object;
        return new LogEntry(stored.Sequence, stored.AbsoluteHash, stored.BaseHash, stored.SortKey, stored.Kind, stored, result.PreviousSortKey);
    }

    /// <summary>Publishes what a purge appended to a partition's log, and tells the removed series' grains.</summary>
    /// <returns>Whether every version grain was told.</returns>
    public Task<bool> PublishPurgedAsync(Hash partitionHash, IReadOnlyList<LogEntry> purged) =>
        TellAllAsync(purged.Select(entry => SetCurrentAsync(entry.BaseHash, entry.Sequence, null)), [notices.PublishAsync(partitionHash, purged)]);

    /// <summary>Sends the version grains' news and the feeds' notices at once; true when every version grain was told.</summary>
    private static async Task<bool> TellAllAsync(IEnumerable<Task<bool>> updates, IEnumerable<Task> notices)
    {
        var told = Task.WhenAll(updates);
        await Task.WhenAll(told, Task.WhenAll(notices));
        return (await told).All(success => success);
    }

    /// <summary>The news is idempotent, so a failed call (a grain moving between silos) is simply tried once more.</summary>
    private async Task<bool> SetCurrentAsync(Hash baseHash, long sequence, StoredObject? current)
    {
        var updater = Updaters.Get(baseHash.Value);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await updater.SetCurrentAsync(sequence, current);
                return true;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                if (attempt == 2)
                {
                    LogUpdateFailed(e, baseHash, sequence);
                    return false;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not tell the version grain of {BaseHash} about the commit at sequence {Sequence}; it reloads once its partition's epoch rises.")]
    private partial void LogUpdateFailed(Exception exception, Hash baseHash, long sequence);
}
