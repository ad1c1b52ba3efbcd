using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ObjectStore.Errors;
using ObjectStore.Hosting;
using ObjectStore.Objects;
using ObjectStore.Partitions;
using ObjectStore.Storage;
using Orleans.Concurrency;
using Orleans.Streams;

namespace ObjectStore.Feeds;

/// <summary>
/// One feed (key: the feed hash). Its messages are the entries of its partitions' logs that match its selections:
/// the grain buffers them in memory as they arrive on the partitions' streams, or reads them from the logs when a
/// notice was lost (a gap in the sequence numbers, a periodic catch-up, every activation). Only a cursor per
/// partition is stored, and it moves past an entry only once that entry is acknowledged, filtered out or
/// dead-lettered: whatever dies, the log still holds every message not yet done. Duplicates are allowed, loss is not.
/// Reentrant, so that long polls wait side by side; state changes between awaits only.
/// </summary>
[Reentrant]
public sealed partial class FeedGrain(
    IFeedStorage storage,
    IObjectStorage objects,
    IOptions<FeedOptions> options,
    [FromKeyedServices(ObjectStoreClock.ServiceKey)] TimeProvider clock,
    ILogger<FeedGrain> logger) : Grain, IFeedLifecycle
{
    private const int MaxAcknowledgements = 100;
    private const int MaxSelections = 100;
    private const int MaxVisibilityTimeoutSeconds = 12 * 60 * 60;
    private const int LogPageSize = 500;

    private readonly Dictionary<Hash, PartitionCursor> _cursors = [];
    private readonly Dictionary<MessageKey, PendingMessage> _pending = [];
    private readonly Dictionary<string, MessageKey> _receipts = new(StringComparer.Ordinal);
    private readonly Dictionary<Hash, StreamSubscriptionHandle<PartitionLogNotice>> _subscriptions = [];
    private TaskCompletionSource _arrival = NewSignal();
    private FeedDefinition? _feed;
    private Task? _loading;
    private IGrainTimer? _catchUp;
    private long _arrivals;

    private FeedOptions Settings => options.Value;

    private TimeProvider Clock => clock;

    private Hash FeedHash { get; set; }

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
        var definition = await ValidateAsync(caller, request);
        await storage.SaveFeedAsync(definition, CancellationToken.None);
        var record = await storage.GetFeedAsync(FeedHash, CancellationToken.None)
            ?? throw new StorageFailureException($"The feed {FeedHash} was saved but could not be read back.");
        var created = _feed is null;
        await StartAsync(record);
        LogUpserted(FeedHash, created, definition.Selections.Count);
        return ToFeed(_feed!);
    }

    public Task<Feed> GetAsync(long caller) => Task.FromResult(ToFeed(RequireReader(caller)));

    public async Task DeleteAsync(long caller)
    {
        RequireOwner(caller);
        await RemoveAsync();
        LogDeleted(FeedHash, "its owner deleted it");
    }

    public async Task<bool> ExpireAsync(DateTimeOffset now)
    {
        if (_feed is null || _feed.ExpiresAt > now)
        {
            return false;
        }

        await RemoveAsync();
        LogDeleted(FeedHash, "nobody fetched from it before it expired");
        return true;
    }

    public async Task<IReadOnlyList<FeedMessage>> FetchAsync(long caller, FeedRequest request, CancellationToken cancellationToken)
    {
        RequireReader(caller);
        Validate(request);
        var now = Clock.GetUtcNow();
        await AcknowledgeCoreAsync(request.Acknowledgement, now);
        await ExtendExpiryAsync(now);

        var readable = await ReadablePartitionsAsync(caller);
        var deadline = now.AddSeconds(request.WaitTimeSeconds);
        while (true)
        {
            await ReleaseExpiredAsync(now);
            if (_feed is null)
            {
                return [];
            }

            if (HasRoom && _cursors.Values.Any(cursor => cursor.Backlog))
            {
                await LoadAsync();
            }

            var delivered = Deliver(request.MaxItems, now, readable);
            if (delivered.Count > 0 || now >= deadline)
            {
                return delivered;
            }

            await WaitForArrivalAsync(NextWakeUp(deadline) - now, cancellationToken);
            now = Clock.GetUtcNow();
        }
    }

    public async Task AcknowledgeAsync(long caller, FeedAcknowledgement acknowledgement)
    {
        RequireReader(caller);
        await AcknowledgeCoreAsync(acknowledgement ?? throw new InvalidInputException("The acknowledgement is required."), Clock.GetUtcNow());
    }

    public async Task<FeedStatus> GetStatusAsync(long caller)
    {
        RequireReader(caller);
        await ReleaseExpiredAsync(Clock.GetUtcNow());
        var deadLetters = await storage.CountDeadLettersAsync(FeedHash, CancellationToken.None);
        var pending = _pending.Values.Where(message => !message.DeadLettering).ToList();
        return new FeedStatus(pending.Count, pending.Count(message => !message.IsVisible), deadLetters, _cursors.Values.Any(cursor => cursor.Backlog));
    }

    public async Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(long caller, int limit)
    {
        RequireReader(caller);
        if (limit is < 1 or > 1000)
        {
            throw new InvalidInputException($"'limit' must be between 1 and 1000, was {limit}.");
        }

        var records = await storage.ListDeadLettersAsync(FeedHash, requeued: false, limit, CancellationToken.None);
        return [.. records.Select(record => new DeadLetter(FeedMessageIds.Of(record.Message), record.Attempts, record.DeadSince, record.Entry.Object))];
    }

    public async Task<int> RequeueDeadLettersAsync(long caller, IReadOnlyList<string> messageIds)
    {
        RequireOwner(caller);
        var keys = messageIds is null or { Count: 0 } ? null : messageIds.Select(FeedMessageIds.Parse).ToList();
        var requeued = await storage.RequeueDeadLettersAsync(FeedHash, keys, CancellationToken.None);
        await LoadRequeuedAsync();
        LogRequeued(FeedHash, requeued);
        return requeued;
    }

    private async Task OnNoticeAsync(PartitionLogNotice notice, StreamSequenceToken? token)
    {
        if (_cursors.TryGetValue(notice.PartitionHash, out var cursor))
        {
            Append(cursor, notice.Entries);
            if (cursor.Backlog && HasRoom)
            {
                await LoadAsync();
            }
        }
    }

    /// <summary>Takes over a stored feed: its cursors, its requeued dead letters, its streams and what its logs hold.</summary>
    private async Task StartAsync(FeedRecord record)
    {
        var previous = _cursors.Keys.ToList();
        _feed = record.Definition;
        var selected = record.Definition.Selections.GroupBy(selection => selection.PartitionHash).ToDictionary(group => group.Key, group => group.ToList());
        foreach (var partition in previous.Where(partition => !selected.TryGetValue(partition, out var selections) || !selections.SequenceEqual(_cursors[partition].Selections)))
        {
            Forget(partition);
        }

        foreach (var (partition, selections) in selected)
        {
            if (!_cursors.ContainsKey(partition) && record.AckedThrough.TryGetValue(partition, out var ackedThrough))
            {
                _cursors[partition] = new PartitionCursor(partition, selections, ackedThrough);
            }
        }

        await SubscribeAsync();
        await LoadRequeuedAsync();
        await LoadAsync();
        _catchUp ??= this.RegisterGrainTimer(CatchUpAsync, new GrainTimerCreationOptions(Settings.CatchUpInterval, Settings.CatchUpInterval) { Interleave = true });
    }

    private Task CatchUpAsync(CancellationToken cancellationToken)
    {
        foreach (var cursor in _cursors.Values)
        {
            cursor.Backlog = true;
        }

        return HasRoom ? LoadAsync() : Task.CompletedTask;
    }

    /// <summary>Reads the logs after each cursor's last loaded entry; one load runs at a time, callers share it.</summary>
    private async Task LoadAsync()
    {
        if (_loading is { } running)
        {
            await running;
            return;
        }

        _loading = LoadLogsAsync();
        try
        {
            await _loading;
        }
        finally
        {
            _loading = null;
        }
    }

    private async Task LoadLogsAsync()
    {
        foreach (var (partition, cursor) in _cursors.ToList())
        {
            while (cursor.Backlog && HasRoom)
            {
                var limit = Math.Min(LogPageSize, Settings.BufferSize - _pending.Count);
                var entries = await objects.PageLogAsync(partition, cursor.LoadedThrough, forwards: true, limit, CancellationToken.None);
                if (!_cursors.TryGetValue(partition, out var current) || current != cursor)
                {
                    break; // The feed was redefined or deleted while the log was read.
                }

                cursor.Backlog = false;
                Append(cursor, entries);
                cursor.Backlog |= entries.Count == limit;
            }
        }

        await SaveCursorsAsync();
    }

    /// <summary>Buffers the entries that follow the cursor without a gap; a gap or a full buffer leaves a backlog.</summary>
    private void Append(PartitionCursor cursor, IReadOnlyList<LogEntry> entries)
    {
        var arrived = false;
        foreach (var entry in entries)
        {
            if (entry.Sequence <= cursor.LoadedThrough)
            {
                continue;
            }

            if (entry.Sequence != cursor.LoadedThrough + 1 || !HasRoom)
            {
                cursor.Backlog = true;
                break;
            }

            cursor.LoadedThrough = entry.Sequence;
            var key = new MessageKey(cursor.Partition, entry.Sequence);
            if (entry.Object is { } payload && cursor.Matches(entry.SortKey) && !_pending.ContainsKey(key))
            {
                _pending[key] = new PendingMessage(key, payload, ++_arrivals, requeued: false);
                arrived = true;
            }
        }

        if (arrived)
        {
            Signal();
        }
    }

    private async Task LoadRequeuedAsync()
    {
        var requeued = await storage.ListDeadLettersAsync(FeedHash, requeued: true, Settings.BufferSize, CancellationToken.None);
        var arrived = false;
        foreach (var record in requeued)
        {
            if (record.Entry.Object is not { } payload)
            {
                await storage.RemoveDeadLetterAsync(FeedHash, record.Message, CancellationToken.None);
            }
            else if (_cursors.ContainsKey(record.Message.PartitionHash) && !_pending.ContainsKey(record.Message))
            {
                _pending[record.Message] = new PendingMessage(record.Message, payload, ++_arrivals, requeued: true);
                arrived = true;
            }
        }

        if (arrived)
        {
            Signal();
        }
    }

    /// <summary>
    /// The selected partitions the caller may read now. A feed is no way around a partition's permissions: what the
    /// caller cannot read (READ revoked since the feed was defined) stays on the feed, for those who can.
    /// </summary>
    private async Task<HashSet<Hash>> ReadablePartitionsAsync(long caller)
    {
        var partitions = _cursors.Keys.ToList();
        var access = await Task.WhenAll(partitions.Select(partition => GrainFactory.GetGrain<IPartitionPermissions>(partition.Value).GetPermissionsAsync(caller)));
        return [.. partitions.Where((_, index) => access[index].HasFlag(Permission.Read))];
    }

    private List<FeedMessage> Deliver(int maxItems, DateTimeOffset now, HashSet<Hash> readable)
    {
        var delivered = new List<FeedMessage>(maxItems);
        var visible = _pending.Values.Where(message => message.IsVisible && readable.Contains(message.Key.PartitionHash));
        foreach (var message in visible.OrderBy(message => message.Arrival).Take(maxItems))
        {
            message.Attempts++;
            message.ReceiptHandle = NewReceiptHandle();
            message.InvisibleUntil = now + Settings.VisibilityTimeout;
            _receipts[message.ReceiptHandle] = message.Key;
            delivered.Add(new FeedMessage(FeedMessageIds.Of(message.Key), message.ReceiptHandle, message.Attempts, message.Payload));
        }

        return delivered;
    }

    private async Task AcknowledgeCoreAsync(FeedAcknowledgement? acknowledgement, DateTimeOffset now)
    {
        if (acknowledgement is null)
        {
            return;
        }

        Validate(acknowledgement);
        var removedRequeued = new List<MessageKey>();
        var acknowledged = false;
        foreach (var handle in acknowledgement.Delete ?? [])
        {
            if (InFlight(handle) is { } message)
            {
                _receipts.Remove(handle);
                _pending.Remove(message.Key);
                acknowledged = true;
                if (message.Requeued)
                {
                    removedRequeued.Add(message.Key);
                }
            }
        }

        var sooner = false;
        foreach (var change in acknowledgement.Extend ?? [])
        {
            if (InFlight(change.ReceiptHandle) is { } message)
            {
                var invisibleUntil = now.AddSeconds(change.VisibilityTimeoutSeconds);
                sooner |= invisibleUntil < message.InvisibleUntil;
                message.InvisibleUntil = invisibleUntil;
            }
        }

        // A waiting long poll sleeps until the earliest visibility deadline it saw; one brought forward (a consumer
        // letting a message go) would otherwise wait for the old deadline or the end of the poll.
        if (sooner)
        {
            Signal();
        }

        foreach (var key in removedRequeued)
        {
            await storage.RemoveDeadLetterAsync(FeedHash, key, CancellationToken.None);
        }

        if (acknowledged)
        {
            await SaveCursorsAsync();
            if (HasRoom && _cursors.Values.Any(cursor => cursor.Backlog))
            {
                Signal(); // Room again behind a full buffer: a waiting poll loads the backlog rather than sleep on.
            }
        }
    }

    /// <summary>The message a receipt handle delivered, if that delivery is still the message's latest.</summary>
    private PendingMessage? InFlight(string handle) =>
        _receipts.TryGetValue(handle, out var key) && _pending.TryGetValue(key, out var message) && message.ReceiptHandle == handle ? message : null;

    /// <summary>Makes messages whose visibility timeout passed visible again, or dead-letters them after their last attempt.</summary>
    private async Task ReleaseExpiredAsync(DateTimeOffset now)
    {
        var expired = _pending.Values.Where(message => message.ReceiptHandle is not null && message.InvisibleUntil <= now).ToList();
        var dead = new List<PendingMessage>();
        foreach (var message in expired)
        {
            _receipts.Remove(message.ReceiptHandle!);
            message.ReceiptHandle = null;
            if (message.Attempts >= Settings.MaxAttempts)
            {
                message.DeadLettering = true;
                dead.Add(message);
            }
        }

        if (dead.Count < expired.Count)
        {
            Signal();
        }

        foreach (var message in dead)
        {
            try
            {
                await storage.AddDeadLetterAsync(FeedHash, message.Key, message.Attempts, now, CancellationToken.None);
                _pending.Remove(message.Key);
                LogDeadLettered(FeedHash, FeedMessageIds.Of(message.Key), message.Attempts);
            }
            catch
            {
                message.DeadLettering = false;
                throw;
            }
        }

        if (dead.Count > 0)
        {
            await SaveCursorsAsync();
        }
    }

    /// <summary>
    /// Stores each cursor that can move: to just before the partition's oldest message still held, or to the last
    /// entry loaded when none is. Requeued dead letters lie behind the cursor already and do not hold it back.
    /// </summary>
    private async Task SaveCursorsAsync()
    {
        var held = _pending.Values.Where(message => !message.Requeued)
            .GroupBy(message => message.Key.PartitionHash)
            .ToDictionary(group => group.Key, group => group.Min(message => message.Key.Sequence) - 1);
        var moves = _cursors
            .Select(pair => (Partition: pair.Key, Cursor: pair.Value, Through: held.TryGetValue(pair.Key, out var through) ? through : pair.Value.LoadedThrough))
            .Where(move => move.Through > move.Cursor.SavedThrough)
            .ToList();
        if (moves.Count == 0)
        {
            return;
        }

        await storage.AdvanceCursorsAsync(FeedHash, moves.ToDictionary(move => move.Partition, move => move.Through), CancellationToken.None);
        foreach (var move in moves)
        {
            move.Cursor.SavedThrough = Math.Max(move.Cursor.SavedThrough, move.Through);
        }
    }

    /// <summary>A fetch keeps the feed alive: its expiry moves to the idle expiry from now (stored when it moved a minute or more).</summary>
    private async Task ExtendExpiryAsync(DateTimeOffset now)
    {
        var expiresAt = now + Settings.IdleExpiry;
        if (_feed is { } feed && expiresAt - feed.ExpiresAt >= TimeSpan.FromMinutes(1))
        {
            await storage.SetExpiryAsync(FeedHash, expiresAt, CancellationToken.None);
            _feed = feed with { ExpiresAt = expiresAt };
        }
    }

    /// <summary>Subscribes to the stream of every selected partition (resuming the subscriptions an earlier activation made) and leaves the others.</summary>
    private async Task SubscribeAsync()
    {
        var provider = this.GetStreamProvider(PartitionLogStream.ProviderName);
        foreach (var partition in _subscriptions.Keys.Where(partition => !_cursors.ContainsKey(partition)).ToList())
        {
            await _subscriptions[partition].UnsubscribeAsync();
            _subscriptions.Remove(partition);
        }

        foreach (var partition in _cursors.Keys.Where(partition => !_subscriptions.ContainsKey(partition)))
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
        _feed = null;
        foreach (var partition in _cursors.Keys.ToList())
        {
            Forget(partition);
        }

        await SubscribeAsync();
        _catchUp?.Dispose();
        _catchUp = null;
        Signal();
        DeactivateOnIdle();
    }

    /// <summary>Drops a partition's cursor and the messages it buffered (not its stored cursor).</summary>
    private void Forget(Hash partition)
    {
        _cursors.Remove(partition);
        foreach (var key in _pending.Keys.Where(key => key.PartitionHash == partition).ToList())
        {
            _pending.Remove(key);
        }

        foreach (var handle in _receipts.Where(receipt => receipt.Value.PartitionHash == partition).Select(receipt => receipt.Key).ToList())
        {
            _receipts.Remove(handle);
        }
    }

    private DateTimeOffset NextWakeUp(DateTimeOffset deadline) =>
        _pending.Values.Where(message => message.ReceiptHandle is not null).Select(message => message.InvisibleUntil).Append(deadline).Min();

    private async Task WaitForArrivalAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        using var stopWaiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timeout = Task.Delay(delay > TimeSpan.Zero ? delay : TimeSpan.Zero, Clock, stopWaiting.Token);
        await Task.WhenAny(_arrival.Task, timeout);
        await stopWaiting.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>Wakes every waiting long poll; each then competes for the visible messages, one turn at a time.</summary>
    private void Signal()
    {
        var arrival = _arrival;
        _arrival = NewSignal();
        arrival.TrySetResult();
    }

    private bool HasRoom => _pending.Count < Settings.BufferSize;

    private async Task<FeedDefinition> ValidateAsync(long caller, UpsertFeedRequest request)
    {
        if (request?.Id is null)
        {
            throw new InvalidInputException("'feedId' is required: the NamedUserIdObject {name, userId} of the feed.");
        }

        var canonicalId = PartitionIds.Canonicalize(request.Id, "feed");
        if (CanonicalJson.HashOf(canonicalId) != FeedHash)
        {
            throw new InvalidInputException($"The feed ID hashes to {CanonicalJson.HashOf(canonicalId)}, not to {this.GetPrimaryKeyString()}.");
        }

        var owner = request.Id.UserId;
        if (caller != owner)
        {
            throw new ForbiddenException($"Only user {owner}, whose id the feed ID names, may create, change or delete this feed.");
        }

        var selections = ValidateSelections(request.Selections);
        var readers = ValidateReaders(owner, request.Readers ?? []);
        foreach (var partition in selections.Select(selection => selection.PartitionHash).Distinct())
        {
            foreach (var user in readers.Prepend(owner))
            {
                await GrainFactory.RequireAsync(partition, user, Permission.Read);
            }
        }

        var now = Clock.GetUtcNow();
        var expiresAt = request.ExpiryTime ?? now + Settings.IdleExpiry;
        if (expiresAt <= now)
        {
            throw new InvalidInputException($"'expiryTime' must be in the future, was {expiresAt:O}.");
        }

        return new FeedDefinition(FeedHash, request.Id, canonicalId, selections, readers, expiresAt);
    }

    private static List<PartitionSelection> ValidateSelections(IReadOnlyList<PartitionSelection>? selections)
    {
        if (selections is null || selections.Count is 0 or > MaxSelections)
        {
            throw new InvalidInputException($"A feed selects 1 to {MaxSelections} partitions ('partitionSelections'), was {selections?.Count ?? 0}.");
        }

        foreach (var (selection, index) in selections.Select((selection, index) => (selection, index)))
        {
            if (selection is null || selection.PartitionHash.IsEmpty)
            {
                throw new InvalidInputException($"'partitionSelections[{index}].partitionHash' is required.");
            }

            if (selection.SortKeyPrefix is { } prefix)
            {
                ObjectParser.RejectControlCharacters(prefix, $"partitionSelections[{index}].sortKeyPrefix");
            }
        }

        var repeated = selections.GroupBy(selection => selection).FirstOrDefault(group => group.Count() > 1);
        return repeated is null
            ? [.. selections]
            : throw new InvalidInputException($"Partition {repeated.Key.PartitionHash} is selected more than once with the same sortKeyPrefix.");
    }

    private static List<long> ValidateReaders(long owner, IReadOnlyList<UserPermissions> readers)
    {
        foreach (var reader in readers)
        {
            if (reader is null || reader.UserId <= 0)
            {
                throw new InvalidInputException($"'userId' must be a positive user id, was {reader?.UserId}.");
            }

            if (reader.UserId == owner)
            {
                throw new InvalidInputException("The owner of a feed always reads it; do not list them.");
            }

            if ((reader.Permissions & ~Permission.Read) != 0)
            {
                throw new InvalidInputException($"User {reader.UserId} is given WRITE: READ is the only permission on a feed.");
            }
        }

        var repeated = readers.GroupBy(reader => reader.UserId).FirstOrDefault(group => group.Count() > 1);
        return repeated is null
            ? [.. readers.Where(reader => reader.Permissions.HasFlag(Permission.Read)).Select(reader => reader.UserId).Order()]
            : throw new InvalidInputException($"User {repeated.Key} is listed more than once.");
    }

    private static void Validate(FeedRequest request)
    {
        if (request is null)
        {
            throw new InvalidInputException("The feed request is required.");
        }

        if (request.MaxItems is < 1 or > FeedRequest.MaxItemsLimit)
        {
            throw new InvalidInputException($"'maxItems' must be between 1 and {FeedRequest.MaxItemsLimit}, was {request.MaxItems}.");
        }

        if (request.WaitTimeSeconds is < 0 or > FeedRequest.MaxWaitTimeSeconds)
        {
            throw new InvalidInputException($"'waitTimeSeconds' must be between 0 and {FeedRequest.MaxWaitTimeSeconds}, was {request.WaitTimeSeconds}.");
        }
    }

    private static void Validate(FeedAcknowledgement acknowledgement)
    {
        var deletes = acknowledgement.Delete ?? [];
        var extends = acknowledgement.Extend ?? [];
        if (deletes.Count > MaxAcknowledgements || extends.Count > MaxAcknowledgements)
        {
            throw new InvalidInputException($"A request deletes and extends at most {MaxAcknowledgements} receipt handles each.");
        }

        if (deletes.Any(string.IsNullOrEmpty) || extends.Any(change => change is null || string.IsNullOrEmpty(change.ReceiptHandle)))
        {
            throw new InvalidInputException("Every 'delete' and 'extend' needs its 'receiptHandle'.");
        }

        if (extends.FirstOrDefault(change => change.VisibilityTimeoutSeconds is < 0 or > MaxVisibilityTimeoutSeconds) is { } bad)
        {
            throw new InvalidInputException($"'visibilityTimeout' must be between 0 and {MaxVisibilityTimeoutSeconds} seconds, was {bad.VisibilityTimeoutSeconds}.");
        }
    }

    private FeedDefinition RequireFeed() =>
        _feed ?? throw new NotFoundException($"There is no feed {this.GetPrimaryKeyString()}.");

    private FeedDefinition RequireOwner(long caller)
    {
        var feed = RequireFeed();
        return caller == feed.Id.UserId ? feed : throw new ForbiddenException($"Only the owner of feed {FeedHash} may change or delete it.");
    }

    private FeedDefinition RequireReader(long caller)
    {
        var feed = RequireFeed();
        return caller == feed.Id.UserId || feed.Readers.Contains(caller)
            ? feed
            : throw new ForbiddenException($"User {caller} may not read feed {FeedHash}: only its owner and the users it lists may.");
    }

    private static Feed ToFeed(FeedDefinition feed) =>
        new(feed.FeedHash, feed.Id, feed.CanonicalId, feed.Selections, [.. feed.Readers.Select(reader => new UserPermissions(reader, Permission.Read))], feed.ExpiresAt);

    private static string NewReceiptHandle() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(Level = LogLevel.Information, Message = "Feed {FeedHash} upserted (created: {Created}, selections: {Selections}).")]
    private partial void LogUpserted(Hash feedHash, bool created, int selections);

    [LoggerMessage(Level = LogLevel.Information, Message = "Feed {FeedHash} deleted: {Reason}.")]
    private partial void LogDeleted(Hash feedHash, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Feed {FeedHash}: message {MessageId} moved to the dead letters after {Attempts} deliveries.")]
    private partial void LogDeadLettered(Hash feedHash, string messageId, int attempts);

    [LoggerMessage(Level = LogLevel.Information, Message = "Feed {FeedHash}: {Count} dead letters put back.")]
    private partial void LogRequeued(Hash feedHash, int count);
}
