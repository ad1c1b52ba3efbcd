using ObjectStore.Objects;
using ObjectStore.Storage;

namespace ObjectStore.Feeds;

/// <summary>
/// Where a feed stands in each selected partition's log, and how the log's entries become messages: the entries that
/// follow a cursor without a gap are buffered in <paramref name="messages"/> when they match the partition's
/// selections; a gap or a full buffer leaves a backlog, which the feed reads from the log.
/// </summary>
internal sealed class PartitionCursors(PendingMessages messages, ArrivalSignal arrivals)
{
    private const int LogPageSize = 500;

    private readonly Dictionary<Hash, PartitionCursor> _cursors = [];
    private readonly SharedRun _loading = new();
    private Task _lastSave = Task.CompletedTask;
    private Task? _queuedSave;

    public IReadOnlyCollection<Hash> Partitions => _cursors.Keys;

    public bool HasBacklog => _cursors.Values.Any(cursor => cursor.Backlog);

    /// <summary>The logs hold entries and the buffer wants more (<see cref="PendingMessages.WantsMore"/>).</summary>
    public bool ShouldLoad => messages.WantsMore && _cursors.Values.Any(cursor => cursor.ShouldLoad);

    public bool Follows(Hash partition) => _cursors.ContainsKey(partition);

    /// <summary>
    /// Follows the partitions a definition selects. A partition no longer selected, or selected differently, is forgotten
    /// with its messages; a newly selected one starts at its stored cursor; one selected as before keeps its place.
    /// </summary>
    public void Follow(IReadOnlyList<PartitionSelection> selections, IReadOnlyDictionary<Hash, long> ackedThrough)
    {
        var selected = selections.GroupBy(selection => selection.PartitionHash).ToDictionary(group => group.Key, group => group.ToList());
        foreach (var partition in _cursors.Keys.Where(partition => !selected.TryGetValue(partition, out var chosen) || !chosen.SequenceEqual(_cursors[partition].Selections)).ToList())
        {
            Forget(partition);
        }

        foreach (var (partition, chosen) in selected)
        {
            if (!_cursors.ContainsKey(partition) && ackedThrough.TryGetValue(partition, out var through))
            {
                _cursors[partition] = new PartitionCursor(partition, chosen, through);
            }
        }
    }

    /// <summary>Drops every cursor and the messages buffered (not the stored cursors).</summary>
    public void ForgetAll()
    {
        foreach (var partition in _cursors.Keys.ToList())
        {
            Forget(partition);
        }
    }

    /// <summary>A periodic catch-up: every log may hold entries whose notices were lost, so each is read once more.</summary>
    public void CatchUp()
    {
        foreach (var cursor in _cursors.Values)
        {
            cursor.CatchingUp = true;
        }
    }

    /// <summary>
    /// Stops buffering the partitions none of the feed's users may read now (outside <paramref name="readable"/>) and
    /// starts again on those one may read again. A stopped partition's messages leave the buffer and its cursor goes back
    /// to the one stored, so they are read from the log again once someone may read them (a duplicate for a delivery in
    /// flight, which at-least-once allows). Answers whether a partition became readable again.
    /// </summary>
    public bool RestrictTo(IReadOnlySet<Hash> readable)
    {
        var resumed = false;
        foreach (var cursor in _cursors.Values)
        {
            var unreadable = !readable.Contains(cursor.Partition);
            if (unreadable == cursor.Unreadable)
            {
                continue;
            }

            cursor.Unreadable = unreadable;
            cursor.Backlog = true;
            resumed |= !unreadable;
            if (unreadable)
            {
                messages.Forget(cursor.Partition);
                cursor.LoadedThrough = cursor.SavedThrough;
            }
        }

        return resumed;
    }

    /// <summary>Buffers what a notice carries; answers whether the partition's log should be read now (a gap, and room for a page).</summary>
    public bool Append(PartitionLogNotice notice)
    {
        if (!_cursors.TryGetValue(notice.PartitionHash, out var cursor))
        {
            return false;
        }

        Append(cursor, notice.Entries, notice.CommittedAt);
        return cursor.ShouldLoad && messages.WantsMore;
    }

    /// <summary>
    /// Reads the logs after each cursor's last loaded entry while they may hold more and the buffer has room, a page at
    /// a time: <paramref name="readLog"/> answers up to a number of entries after a sequence number of a partition's log.
    /// One load runs at a time; a caller that comes while one runs shares it.
    /// </summary>
    public Task LoadAsync(Func<Hash, long, int, Task<IReadOnlyList<LogEntry>>> readLog) => _loading.RunAsync(() => LoadLogsAsync(readLog));

    /// <summary>
    /// Holds the requeued dead letters of the partitions followed (they lie behind the cursors, so no load finds them).
    /// Answers those whose version is gone since (a physical delete or a purge): nothing is left to deliver.
    /// </summary>
    /// <param name="everyPartition">The feed selects the whole store (a firehose feed): every partition's dead letters are its.</param>
    public IReadOnlyList<MessageKey> HoldRequeued(IReadOnlyList<DeadLetterRecord> requeued, bool everyPartition = false)
    {
        var arrived = false;
        foreach (var record in requeued)
        {
            if (record.Entry.Object is { } payload && (everyPartition || Follows(record.Message.PartitionHash)))
            {
                arrived |= messages.TryHold(record.Message, payload, requeued: true);
            }
        }

        if (arrived)
        {
            arrivals.Signal();
        }

        return [.. requeued.Where(record => record.Entry.Object is null).Select(record => record.Message)];
    }

    /// <summary>
    /// Stores, through <paramref name="store"/>, each cursor that can move: to just before the partition's oldest
    /// message still held, or to the last entry loaded when none is. Requeued dead letters lie behind the cursor
    /// already and do not hold it back.
    /// </summary>
    /// <remarks>
    /// Fetches interleave, so acknowledgements arrive while a save is in flight. They share one save queued behind it,
    /// which reads the positions only once the save before it finished: each caller is answered after a save that
    /// started after its acknowledgement, and a busy feed writes its cursors one transaction at a time instead of one
    /// per request, each waiting on the rows the others lock.
    /// </remarks>
    public Task SaveAsync(Func<IReadOnlyDictionary<Hash, long>, Task> store)
    {
        if (_queuedSave is { } queued)
        {
            return queued;
        }

        if (_lastSave.IsCompleted)
        {
            return _lastSave = SaveNowAsync(store);
        }

        return _queuedSave = SaveAfterAsync(_lastSave, store);
    }

    private async Task SaveAfterAsync(Task inFlight, Func<IReadOnlyDictionary<Hash, long>, Task> store)
    {
        try
        {
            await inFlight;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Its callers got the error; this save stands on its own.
        }

        _queuedSave = null;
        await (_lastSave = SaveNowAsync(store));
    }

    private async Task SaveNowAsync(Func<IReadOnlyDictionary<Hash, long>, Task> store)
    {
        // One pass, no grouping: a busy feed saves after every few acknowledgements, over a buffer of up to a thousand.
        var held = new Dictionary<Hash, long>();
        foreach (var message in messages.All)
        {
            var before = message.Key.Sequence - 1;
            if (!message.Requeued && (!held.TryGetValue(message.Key.PartitionHash, out var through) || before < through))
            {
                held[message.Key.PartitionHash] = before;
            }
        }

        var moves = _cursors.Values
            .Select(cursor => (Cursor: cursor, Through: held.TryGetValue(cursor.Partition, out var through) ? through : cursor.LoadedThrough))
            .Where(move => move.Through > move.Cursor.SavedThrough)
            .ToList();
        if (moves.Count == 0)
        {
            return;
        }

        await store(moves.ToDictionary(move => move.Cursor.Partition, move => move.Through));
        foreach (var (cursor, through) in moves)
        {
            cursor.SavedThrough = Math.Max(cursor.SavedThrough, through);
        }
    }

    private async Task LoadLogsAsync(Func<Hash, long, int, Task<IReadOnlyList<LogEntry>>> readLog)
    {
        foreach (var cursor in _cursors.Values.ToList())
        {
            while (cursor.ShouldLoad && messages.HasRoom)
            {
                var limit = Math.Min(LogPageSize, messages.Room);
                var entries = await readLog(cursor.Partition, cursor.LoadedThrough, limit);
                if (!_cursors.TryGetValue(cursor.Partition, out var current) || current != cursor)
                {
                    break; // The feed was redefined or deleted while the log was read.
                }

                cursor.Backlog = false;
                cursor.CatchingUp = false;
                Append(cursor, entries);
                cursor.Backlog |= entries.Count == limit; // A full page: the log may hold more.
            }
        }
    }

    /// <summary>Buffers the entries that follow the cursor without a gap; a gap or a full buffer leaves a backlog.</summary>
    private void Append(PartitionCursor cursor, IReadOnlyList<LogEntry> entries, DateTimeOffset? committedAt = null)
    {
        if (cursor.Unreadable)
        {
            cursor.Backlog = true;
            return;
        }

        var arrived = false;
        foreach (var entry in entries)
        {
            if (entry.Sequence <= cursor.LoadedThrough)
            {
                continue;
            }

            if (entry.Sequence != cursor.LoadedThrough + 1 || !messages.HasRoom)
            {
                cursor.Backlog = true;
                break;
            }

            cursor.LoadedThrough = entry.Sequence;
            if (entry.Object is { } payload && cursor.Matches(entry))
            {
                arrived |= messages.TryHold(new MessageKey(cursor.Partition, entry.Sequence), payload, requeued: false, committedAt);
            }
        }

        if (arrived)
        {
            arrivals.Signal();
        }
    }

    /// <summary>Drops a partition's cursor and the messages it buffered (not its stored cursor).</summary>
    private void Forget(Hash partition)
    {
        _cursors.Remove(partition);
        messages.Forget(partition);
    }
}
