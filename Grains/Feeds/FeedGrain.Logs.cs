using ObjectStore.Storage;
using Orleans.Streams;

namespace ObjectStore.Feeds;

/// <summary>How the feed follows its partitions' logs: streams, catch-up reads from the cursors, and the cursors it stores.</summary>
public sealed partial class FeedGrain
{
    private async Task OnNoticeAsync(PartitionLogNotice notice, StreamSequenceToken? token)
    {
        if (Cursors.Append(notice))
        {
            await LoadAsync();
        }
    }

    /// <summary>Takes over a stored feed: its cursors, its requeued dead letters, its streams and what its logs hold.</summary>
    private async Task StartAsync(FeedRecord record)
    {
        Rules.Adopt(record.Definition);
        Cursors.Follow(record.Definition.Selections, record.AckedThrough);
        await SubscribeAsync();
        await LoadRequeuedAsync();
        await RestrictToReadableAsync();
        await LoadAsync();
        _catchUp ??= this.RegisterGrainTimer(CatchUpAsync, new GrainTimerCreationOptions(Settings.CatchUpInterval, Settings.CatchUpInterval) { Interleave = true });
    }

    /// <summary>Reads the logs for lost notices, and looks again at who may read which partition (permissions change unannounced).</summary>
    private async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        await RestrictToReadableAsync();
        Cursors.CatchUp();
        if (Messages.HasRoom)
        {
            await LoadAsync();
        }
    }

    /// <summary>Reads what the logs hold after the cursors (sharing a read that is running) and stores the cursors that moved.</summary>
    private async Task LoadAsync()
    {
        await Cursors.LoadAsync((partition, after, limit) => objects.PageLogAsync(partition, after, forwards: true, limit, CancellationToken.None));
        await SaveCursorsAsync();
    }

    private async Task LoadRequeuedAsync()
    {
        var requeued = await storage.ListDeadLettersAsync(FeedHash, requeued: true, Settings.BufferSize, partitions: null, CancellationToken.None);
        foreach (var gone in Cursors.HoldRequeued(requeued))
        {
            await storage.RemoveDeadLetterAsync(FeedHash, gone, CancellationToken.None);
        }
    }

    private Task SaveCursorsAsync() =>
        Cursors.SaveAsync(positions => storage.AdvanceCursorsAsync(FeedHash, positions, CancellationToken.None));

    /// <summary>Subscribes to the stream of every selected partition (resuming the subscriptions an earlier activation made) and leaves the others.</summary>
    private async Task SubscribeAsync()
    {
        var provider = this.GetStreamProvider(PartitionLogStream.ProviderName);
        foreach (var partition in _subscriptions.Keys.Where(partition => !Cursors.Follows(partition)).ToList())
        {
            await _subscriptions[partition].UnsubscribeAsync();
            _subscriptions.Remove(partition);
        }

        foreach (var partition in Cursors.Partitions.Where(partition => !_subscriptions.ContainsKey(partition)).ToList())
        {
            var stream = provider.GetStream<PartitionLogNotice>(PartitionLogStream.Of(partition));
            var handles = await stream.GetAllSubscriptionHandles();
            foreach (var extra in handles.Skip(1))
            {
                await extra.UnsubscribeAsync();
            }

            _subscriptions[partition] = handles.Count > 0
                ? await handles[0].ResumeAsync(OnNoticeAsync)
                : await stream.SubscribeAsync(OnNoticeAsync);
        }
    }

    private async Task RemoveAsync()
    {
        await storage.DeleteFeedAsync(FeedHash, CancellationToken.None);
        Rules.Forget();
        Cursors.ForgetAll();
        await SubscribeAsync();
        _catchUp?.Dispose();
        _catchUp = null;
        _arrivals.Signal();
        DeactivateOnIdle();
    }
}
