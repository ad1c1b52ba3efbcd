using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ObjectStore.Errors;
using ObjectStore.Hosting;
using ObjectStore.Objects;
using ObjectStore.Partitions;
using ObjectStore.Storage;
using Orleans.Streams;

namespace ObjectStore.Feeds;

/// <summary>
/// One feed (key: the feed hash). Its messages are the entries of its partitions' logs that match its selections:
/// the grain buffers them in memory as they arrive on the partitions' streams, or reads them from the logs when a
/// notice was lost (a gap in the sequence numbers, a periodic catch-up, every activation). Only a cursor per
/// partition is stored, and it moves past an entry only once that entry is acknowledged, filtered out or
/// dead-lettered: whatever dies, the log still holds every message not yet done. Duplicates are allowed, loss is not.
/// </summary>
/// <remarks>
/// <para>
/// Only <see cref="IFeedGrain.FetchAsync"/> interleaves (<c>[AlwaysInterleave]</c>): a waiting long poll must not hold
/// up what would wake it (stream notices, acknowledgements, other fetches, its own cancellation). Orleans runs such a
/// request beside any other and never makes it the request that blocks the rest (<c>ActivationData.RecordRunning</c>,
/// <c>MayInvokeRequest</c>), so all other calls and notices still run one at a time, if beside waiting fetches. The
/// catch-up timer interleaves too.
/// </para>
/// <para>
/// The state stays consistent because a turn changes it only between awaits and leaves it whole: a fetch looks again
/// after every await (the feed may be gone, its messages taken), reads of the logs are shared and a page is dropped when
/// its cursor was replaced meanwhile, and a message on its way to the dead letters is neither delivered nor let go.
/// </para>
/// </remarks>
public sealed partial class FeedGrain(
    IFeedStorage storage,
    IObjectStorage objects,
    IOptions<FeedOptions> options,
    [FromKeyedServices(ObjectStoreClock.ServiceKey)] TimeProvider clock,
    ILogger<FeedGrain> logger) : Grain, IFeedLifecycle
{
    private readonly ArrivalSignal _arrivals = new();
    private readonly Dictionary<Hash, StreamSubscriptionHandle<PartitionLogNotice>> _subscriptions = [];
    private IGrainTimer? _catchUp;

    private FeedOptions Settings => options.Value;

    private TimeProvider Clock => clock;

    private Hash FeedHash { get; set; }

    private FeedRules Rules => field ??= new(FeedHash, this.GetPrimaryKeyString());

    private PendingMessages Messages => field ??= new(Settings.BufferSize, _arrivals);

    private PartitionCursors Cursors => field ??= new(Messages, _arrivals);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (GrainKeys.CanonicalHash(this.GetPrimaryKeyString()) is not { } hash)
        {
            return;
        }

        FeedHash = hash;
        if (await storage.GetFeedAsync(hash, cancellationToken) is { } record)
        {
            await StartAsync(record);
        }
    }

    public async Task<Feed> UpsertAsync(long caller, UpsertFeedRequest request)
    {
        var definition = await Rules.DefineAsync(caller, request, RequireReadAsync, Clock, Settings.IdleExpiry);
        await storage.SaveFeedAsync(definition, CancellationToken.None);
        var record = await storage.GetFeedAsync(FeedHash, CancellationToken.None)
            ?? throw new StorageFailureException($"The feed {FeedHash} was saved but could not be read back.");
        var created = Rules.Definition is null;
        await StartAsync(record);
        LogUpserted(FeedHash, created, definition.Selections.Count);
        return FeedRules.Describe(Rules.RequireFeed());
    }

    public Task<Feed> GetAsync(long caller) => Task.FromResult(FeedRules.Describe(Rules.RequireReader(caller)));

    public async Task DeleteAsync(long caller)
    {
        Rules.RequireOwner(caller);
        await RemoveAsync();
        LogDeleted(FeedHash, "its owner deleted it");
    }

    public async Task<bool> ExpireAsync(DateTimeOffset now)
    {
        if (Rules.Definition is not { } feed || feed.ExpiresAt > now)
        {
            return false;
        }

        await RemoveAsync();
        LogDeleted(FeedHash, "nobody fetched from it before it expired");
        return true;
    }

    public async Task<IReadOnlyList<FeedMessage>> FetchAsync(long caller, FeedRequest request, CancellationToken cancellationToken)
    {
        Rules.RequireReader(caller);
        FeedRules.Validate(request);
        var now = Clock.GetUtcNow();
        await AcknowledgeCoreAsync(request.Acknowledgement, now);
        await ExtendExpiryAsync(now);

        var readable = await ReadablePartitionsAsync(caller);
        var deadline = now.AddSeconds(request.WaitTimeSeconds);
        while (true)
        {
            await ReleaseExpiredAsync(now);
            if (Rules.Definition is null)
            {
                return [];
            }

            if (Cursors.ShouldLoad)
            {
                await LoadAsync();
            }

            var delivered = Messages.Deliver(request.MaxItems, readable, now, Settings.VisibilityTimeout);
            if (delivered.Count > 0 || now >= deadline)
            {
                return delivered;
            }

            await _arrivals.WaitAsync(Messages.NextWakeUp(deadline) - now, Clock, cancellationToken);
            now = Clock.GetUtcNow();
        }
    }

    public async Task AcknowledgeAsync(long caller, FeedAcknowledgement acknowledgement)
    {
        Rules.RequireReader(caller);
        await AcknowledgeCoreAsync(acknowledgement ?? throw new InvalidInputException("The acknowledgement is required."), Clock.GetUtcNow());
    }

    public async Task<FeedStatus> GetStatusAsync(long caller)
    {
        Rules.RequireReader(caller);
        await ReleaseExpiredAsync(Clock.GetUtcNow());
        var deadLetters = await storage.CountDeadLettersAsync(FeedHash, CancellationToken.None);
        return new FeedStatus(Messages.Held, Messages.InFlight, deadLetters, Cursors.HasBacklog);
    }

    public async Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(long caller, int limit)
    {
        Rules.RequireReader(caller);
        FeedRules.ValidateDeadLetterLimit(limit);
        var records = await storage.ListDeadLettersAsync(FeedHash, requeued: false, limit, CancellationToken.None);
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
        await LoadAsync();
        _catchUp ??= this.RegisterGrainTimer(CatchUpAsync, new GrainTimerCreationOptions(Settings.CatchUpInterval, Settings.CatchUpInterval) { Interleave = true });
    }

    private Task CatchUpAsync(CancellationToken cancellationToken)
    {
        Cursors.AssumeBacklog();
        return Messages.HasRoom ? LoadAsync() : Task.CompletedTask;
    }

    /// <summary>Reads what the logs hold after the cursors (sharing a read that is running) and stores the cursors that moved.</summary>
    private async Task LoadAsync()
    {
        await Cursors.LoadAsync((partition, after, limit) => objects.PageLogAsync(partition, after, forwards: true, limit, CancellationToken.None));
        await SaveCursorsAsync();
    }

    private async Task LoadRequeuedAsync()
    {
        var requeued = await storage.ListDeadLettersAsync(FeedHash, requeued: true, Settings.BufferSize, CancellationToken.None);
        foreach (var gone in Cursors.HoldRequeued(requeued))
        {
            await storage.RemoveDeadLetterAsync(FeedHash, gone, CancellationToken.None);
        }
    }

    /// <summary>
    /// The selected partitions the caller may read now. A feed is no way around a partition's permissions: what the
    /// caller cannot read (READ revoked since the feed was defined) stays on the feed, for those who can.
    /// </summary>
    private async Task<HashSet<Hash>> ReadablePartitionsAsync(long caller)
    {
        var partitions = Cursors.Partitions.ToList();
        var access = await Task.WhenAll(partitions.Select(partition => GrainFactory.GetGrain<IPartitionPermissions>(partition.Value).GetPermissionsAsync(caller)));
        return [.. partitions.Where((_, index) => access[index].HasFlag(Permission.Read))];
    }

    private Task RequireReadAsync(Hash partition, long user) => GrainFactory.RequireAsync(partition, user, Permission.Read);

    private async Task AcknowledgeCoreAsync(FeedAcknowledgement? acknowledgement, DateTimeOffset now)
    {
        if (acknowledgement is null)
        {
            return;
        }

        FeedRules.Validate(acknowledgement);
        var deleted = Messages.Acknowledge(acknowledgement, now);
        foreach (var message in deleted.Where(message => message.Requeued))
        {
            await storage.RemoveDeadLetterAsync(FeedHash, message.Key, CancellationToken.None);
        }

        if (deleted.Count > 0)
        {
            await SaveCursorsAsync();
            if (Cursors.ShouldLoad)
            {
                _arrivals.Signal(); // Room again behind a full buffer: a waiting poll loads the backlog rather than sleep on.
            }
        }
    }

    /// <summary>Makes messages whose visibility timeout passed visible again, or dead-letters them after their last attempt.</summary>
    private async Task ReleaseExpiredAsync(DateTimeOffset now)
    {
        if (await Messages.ReleaseExpiredAsync(now, Settings.MaxAttempts, message => DeadLetterAsync(message, now)) > 0)
        {
            await SaveCursorsAsync();
        }
    }

    private async Task DeadLetterAsync(PendingMessage message, DateTimeOffset now)
    {
        await storage.AddDeadLetterAsync(FeedHash, message.Key, message.Attempts, now, CancellationToken.None);
        LogDeadLettered(FeedHash, FeedMessageIds.Of(message.Key), message.Attempts);
    }

    private Task SaveCursorsAsync() =>
        Cursors.SaveAsync(positions => storage.AdvanceCursorsAsync(FeedHash, positions, CancellationToken.None));

    /// <summary>A fetch keeps the feed alive: its expiry moves to the idle expiry from now.</summary>
    private Task ExtendExpiryAsync(DateTimeOffset now) =>
        Rules.ExtendExpiryAsync(now, Settings.IdleExpiry, expiresAt => storage.SetExpiryAsync(FeedHash, expiresAt, CancellationToken.None));

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
