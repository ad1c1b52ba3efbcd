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

    private async Task SetCurrentAsync(Hash baseHash, long sequence, StoredObject? current)
    {
        try
        {
            await grains.GetGrain<IObjectVersionUpdater>(baseHash.Value).SetCurrentAsync(sequence, current);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogUpdateFailed(e, baseHash);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not tell the version grain of {BaseHash} about a commit.")]
    private partial void LogUpdateFailed(Exception exception, Hash baseHash);
}
