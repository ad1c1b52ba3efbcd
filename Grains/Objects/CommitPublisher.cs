using Microsoft.Extensions.Logging;

namespace ObjectStore.Objects;

/// <summary>
/// Tells the version grains of each series what a commit made current, so that "current" reads stay in memory.
/// The database is the truth: a grain that misses the news (its silo died mid-call) reloads it when it next activates.
/// </summary>
public sealed partial class CommitPublisher(IGrainFactory grains, ILogger<CommitPublisher> logger)
{
    public async Task PublishAsync(IEnumerable<StoreResult> results)
    {
        var updates = results
            .Where(result => !result.AlreadyStored)
            .Select(result => result.Object)
            .Select(stored => SetCurrentAsync(stored.BaseHash, stored.Sequence, stored.Kind == ObjectKind.PhysicalDelete ? null : stored));
        await Task.WhenAll(updates);
    }

    public Task PublishRemovedAsync(Hash baseHash, long sequence) => SetCurrentAsync(baseHash, sequence, null);

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
