using ObjectStore.Objects;
using ObjectStore.Partitions;
using ObjectStore.Storage;

namespace ObjectStore.Feeds;

/// <summary>How the feed follows its partitions' logs: notices from their grains, catch-up reads from the cursors, and the cursors it stores.</summary>
public sealed partial class FeedGrain : IPartitionLogListener
{
    /// <summary>The latest save started by <see cref="SaveCursorsSoon"/>; deactivation waits for it.</summary>
    private Task _cursorSaves = Task.CompletedTask;

    /// <summary>The partitions whose grains send this activation their notices.</summary>
    private readonly HashSet<Hash> _following = [];

    /// <summary>A firehose feed's place in the firehose; null for a feed of partitions.</summary>
    private FirehoseCursor? _firehose;

    public async Task OnLogAppendedAsync(PartitionLogNotice notice)
    {
        if (!Cursors.Follows(notice.PartitionHash))
        {
            // A follow this feed no longer makes (its leave was lost with a silo, or the feed is gone): ended here.
            await FollowersOf(notice.PartitionHash).LeaveAsync(FeedHash);
            return;
        }

        if (Cursors.Append(notice))
        {
            await LoadAsync();
        }
    }

    /// <summary>
    /// Takes over a stored feed: its cursors, its requeued dead letters, its partitions' notices and what its logs hold.
    /// It follows the partitions before it reads their logs, so that a write is in what it reads or in a notice.
    /// </summary>
    private async Task StartAsync(FeedRecord record)
    {
        Rules.Adopt(record.Definition);
        Cursors.Follow(record.Definition.Selections, record.AckedThrough);
        if (record.FirehoseCursor is { } firehoseCursor)
        {
            _firehose ??= new FirehoseCursor(Messages, _arrivals, firehoseCursor); // A redefinition keeps its place.
        }

        await FollowPartitionsAsync();
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
        if (Messages.WantsMore)
        {
            await LoadAsync();
        }

        PublishFigures(); // A timer's turn passes no call filter.
    }

    /// <summary>Reads what the logs hold after the cursors (sharing a read that is running); the cursors that moved are stored after.</summary>
    private async Task LoadAsync()
    {
        await Cursors.LoadAsync((partition, after, limit) => objects.PageLogAsync(partition, after, forwards: true, limit, CancellationToken.None));
        if (_firehose is { } firehose)
        {
            await firehose.LoadAsync((after, limit) => sequences.PageFirehoseAsync(after, limit, CancellationToken.None));
        }

        SaveCursorsSoon();
    }

    /// <summary>
    /// Stores the cursors that moved without holding up the turn that moved them: a fetch answers, and the next notice
    /// runs, while the UPDATE commits. A stored cursor only bounds what is delivered again after a silo dies (the log
    /// still holds every message behind it), so an acknowledgement need not wait for it; the saves asked for meanwhile
    /// share one (<see cref="PartitionCursors.SaveAsync"/>), so a busy feed stores its cursors once per commit of the
    /// database rather than once per acknowledgement. A save that fails is logged and the next one stores what it missed.
    /// </summary>
    private void SaveCursorsSoon() => _cursorSaves = SaveCursorsLoggingFailureAsync();

    private async Task SaveCursorsLoggingFailureAsync()
    {
        try
        {
            await SaveCursorsAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogCursorSaveFailed(e, FeedHash);
        }
    }

    private async Task LoadRequeuedAsync()
    {
        var requeued = await storage.ListDeadLettersAsync(FeedHash, requeued: true, Settings.BufferSize, partitions: null, CancellationToken.None);
        foreach (var gone in Cursors.HoldRequeued(requeued, everyPartition: _firehose is not null))
        {
            await storage.RemoveDeadLetterAsync(FeedHash, gone, CancellationToken.None);
        }
    }

    private async Task SaveCursorsAsync()
    {
        await Cursors.SaveAsync(positions => storage.AdvanceCursorsAsync(FeedHash, positions, CancellationToken.None));
        if (_firehose is { } firehose)
        {
            await firehose.SaveAsync(position => storage.AdvanceFirehoseCursorAsync(FeedHash, position, CancellationToken.None));
        }
    }

    /// <summary>Asks the grain of every partition the cursors follow for its notices, and the others to stop sending them.</summary>
    private async Task FollowPartitionsAsync()
    {
        var left = _following.Where(partition => !Cursors.Follows(partition)).ToList();
        await Task.WhenAll(left.Select(partition => FollowersOf(partition).LeaveAsync(FeedHash)));
        _following.ExceptWith(left);

        var joined = Cursors.Partitions.Where(partition => !_following.Contains(partition)).ToList();
        await Task.WhenAll(joined.Select(partition => FollowersOf(partition).FollowAsync(FeedHash)));
        _following.UnionWith(joined);
    }

    private IPartitionFollowers FollowersOf(Hash partition) => GrainFactory.GetGrain<IPartitionFollowers>(partition.Value);

    private async Task RemoveAsync()
    {
        await storage.DeleteFeedAsync(FeedHash, CancellationToken.None);
        Rules.Forget();
        Cursors.ForgetAll();
        _firehose = null;
        await FollowPartitionsAsync();
        _catchUp?.Dispose();
        _catchUp = null;
        _arrivals.Signal();
        DeactivateOnIdle();
    }
}
