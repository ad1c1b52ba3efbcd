using ObjectStore.Errors;
using ObjectStore.Objects;
using ObjectStore.Partitions;

namespace ObjectStore.Storage;

/// <summary>
/// The rows one database transaction touches, read under the partitions' row locks, and what its units make of them.
/// Each unit is checked against the state the units before it left (the optimistic version check, sort-key
/// uniqueness, the series' partition) and either applies whole or, failing a check, is undone whole and throws its
/// own error, so the rest of the batch commits without it. What is left at the end is written in a few set-based
/// statements (<see cref="BatchWrites"/>); the database's keys still check those rows as the last line. A version without
/// a createdDate takes <c>commitKey</c>, the transaction's time, as its place in sequences.
/// </summary>
internal sealed class BatchState(
    IReadOnlyDictionary<Hash, long> nextSequences,
    IReadOnlyDictionary<Hash, StoredObject> objects,
    IReadOnlyDictionary<Hash, SeriesHead> heads,
    IReadOnlyDictionary<SortKeySlot, SortKeyHolder> holders,
    string commitKey,
    IReadOnlyDictionary<Hash, Permission>? writerAccess = null)
{
    private readonly Dictionary<Hash, long> _nextSequences = new(nextSequences);
    private readonly Dictionary<Hash, StoredObject?> _objects = objects.ToDictionary(pair => pair.Key, pair => (StoredObject?)pair.Value);
    private readonly Dictionary<Hash, SeriesHead?> _heads = heads.ToDictionary(pair => pair.Key, pair => (SeriesHead?)pair.Value);
    private readonly Dictionary<SortKeySlot, SortKeyHolder?> _holders = holders.ToDictionary(pair => pair.Key, pair => (SortKeyHolder?)pair.Value);
    private readonly HashSet<Hash> _removedSeries = [];
    private readonly List<LogRow> _log = [];
    private readonly Dictionary<Hash, (string CreatedKey, string? ThreadId)> _placeOfVersion = [];
    private readonly Stack<Action> _undo = new();

    /// <summary>Series whose every version is removed, before the batch's own versions are added.</summary>
    public IReadOnlyCollection<Hash> RemovedSeries => _removedSeries;

    /// <summary>Versions the batch adds.</summary>
    public IEnumerable<StoredObject> AddedObjects => _objects.Values.OfType<StoredObject>()
        .Where(stored => !objects.TryGetValue(stored.AbsoluteHash, out var before) || !ReferenceEquals(before, stored));

    /// <summary>Heads that were in the database and change or go.</summary>
    public IEnumerable<Hash> ReplacedHeads => Changed(_heads, heads).Where(heads.ContainsKey);

    /// <summary>Heads the batch leaves that the database does not have yet.</summary>
    public IEnumerable<(Hash BaseHash, SeriesHead Head)> NewHeads => Changed(_heads, heads)
        .Where(hash => _heads[hash] is not null).Select(hash => (hash, _heads[hash]!));

    /// <summary>Where a version the batch adds stands in sequences: its createdDate key and its series' thread.</summary>
    public (string CreatedKey, string? ThreadId) PlaceOf(Hash absoluteHash) => _placeOfVersion[absoluteHash];

    /// <summary>Sort keys that were held in the database and are released or change hands.</summary>
    public IEnumerable<SortKeySlot> ReleasedSlots => Changed(_holders, holders).Where(holders.ContainsKey);

    /// <summary>Sort keys the batch leaves held by another object than the database has.</summary>
    public IEnumerable<(SortKeySlot Slot, SortKeyHolder Holder)> TakenSlots => Changed(_holders, holders)
        .Where(slot => _holders[slot] is not null).Select(slot => (slot, _holders[slot]!));

    /// <summary>The log entries the batch appends, in sequence order.</summary>
    public IReadOnlyList<LogRow> Log => _log;

    /// <summary>The next sequence number of every partition of the transaction, once its units have applied.</summary>
    public IReadOnlyDictionary<Hash, long> NextSequences => _nextSequences;

    /// <summary>The next sequence number of each partition whose log grew.</summary>
    public IEnumerable<(Hash PartitionHash, long Next)> AdvancedSequences => _nextSequences
        .Where(pair => pair.Value != nextSequences[pair.Key]).Select(pair => (pair.Key, pair.Value));

    /// <summary>
    /// The state of a batch of creates sent without reads: the partitions at the sequences <paramref name="expected"/>, and
    /// none of the objects, series or sort keys it writes in the database. The database's keys refuse the transaction
    /// where that is not so.
    /// </summary>
    public static BatchState Unread(IReadOnlyDictionary<Hash, long> expected, string commitKey) =>
        new(expected, new Dictionary<Hash, StoredObject>(), new Dictionary<Hash, SeriesHead>(), new Dictionary<SortKeySlot, SortKeyHolder>(), commitKey);

    /// <summary>Applies one unit, in order; a failed check undoes what the unit did and throws its error.</summary>
    public IReadOnlyList<StoreResult> Apply(IReadOnlyList<PreparedWrite> unit, long? writer)
    {
        var mark = _undo.Count;
        try
        {
            CheckPartitions(unit, writer);
            return [.. unit.Select(Apply)];
        }
        catch (ObjectStoreException)
        {
            while (_undo.Count > mark)
            {
                _undo.Pop()();
            }

            throw;
        }
    }

    /// <summary>Removes the series still past their purge date at <paramref name="now"/>, logging each as a physical delete.</summary>
    public IReadOnlyList<LogEntry> Purge(Hash partitionHash, IEnumerable<Hash> baseHashes, DateTimeOffset now)
    {
        if (!_nextSequences.ContainsKey(partitionHash))
        {
            throw new NotFoundException($"There is no partition {partitionHash}.");
        }

        var purged = new List<LogEntry>();
        foreach (var baseHash in baseHashes)
        {
            if (_heads.GetValueOrDefault(baseHash) is not { } head || head.PartitionHash != partitionHash
                || head.PurgeAt is not { } purgeAt || purgeAt > now.ToUnixTimeMilliseconds())
            {
                continue;
            }

            RemoveSeries(baseHash, head);
            var sequence = AppendLog(partitionHash, head.CurrentHash, baseHash, head.SortKey, ObjectKind.PhysicalDelete, tombstone: null, previousSortKey: null, commitKey);
            purged.Add(new LogEntry(sequence, head.CurrentHash, baseHash, head.SortKey, ObjectKind.PhysicalDelete, Object: null));
        }

        return purged;
    }

    private void CheckPartitions(IReadOnlyList<PreparedWrite> unit, long? writer)
    {
        var partitions = unit.Select(write => write.PartitionHash).Distinct().Order().ToList();
        var missing = partitions.Where(partition => !_nextSequences.ContainsKey(partition)).ToList();
        if (missing.Count > 0)
        {
            throw new NotFoundException($"There is no partition {missing[0]}.");
        }

        if (writer is { } user)
        {
            foreach (var partitionHash in partitions)
            {
                PartitionAccess.Demand(writerAccess?.GetValueOrDefault(partitionHash) ?? Permission.None, Permission.Write, user, partitionHash);
            }
        }
    }

    private StoreResult Apply(PreparedWrite write)
    {
        if (_objects.GetValueOrDefault(write.AbsoluteHash) is { } existing)
        {
            return new StoreResult(existing, AlreadyStored: true);
        }

        string? previousSortKey = null;
        var createdKey = write.CreatedKey ?? commitKey;
        string? threadId;
        if (write.IsCreate)
        {
            TakeSortKey(write);
            threadId = write.ThreadId;
            Set(_heads, write.SeriesHash, new SeriesHead(write.PartitionHash, write.AbsoluteHash, write.SortKey, write.Kind, write.Owner, write.ThreadId,
                write.PurgeDate?.ToUnixTimeMilliseconds(), createdKey));
        }
        else
        {
            var head = CheckNewVersion(write);
            threadId = head.ThreadId;
            previousSortKey = string.Equals(head.SortKey, write.SortKey, StringComparison.Ordinal) ? null : head.SortKey;
            if (write.Kind == ObjectKind.PhysicalDelete)
            {
                RemoveSeries(write.SeriesHash, head);
                var removedAt = AppendLog(write.PartitionHash, write.AbsoluteHash, write.SeriesHash, write.SortKey, write.Kind, write.Canonical, previousSortKey, createdKey);
                return new StoreResult(ToStoredObject(write, removedAt), AlreadyStored: false, previousSortKey);
            }

            MoveHead(write, head);
        }

        var sequence = AppendLog(write.PartitionHash, write.AbsoluteHash, write.SeriesHash, write.SortKey, write.Kind, tombstone: null, previousSortKey, createdKey);
        var stored = ToStoredObject(write, sequence);
        _placeOfVersion[write.AbsoluteHash] = (createdKey, threadId);
        Set(_objects, write.AbsoluteHash, stored);
        return new StoreResult(stored, AlreadyStored: false, previousSortKey);
    }

    private SeriesHead CheckNewVersion(PreparedWrite write)
    {
        // A series in another partition is answered as a missing one: the writer may know nothing of that partition,
        // and naming it would tell them where someone else's object lives.
        if (_heads.GetValueOrDefault(write.SeriesHash) is not { } head || head.PartitionHash != write.PartitionHash)
        {
            throw new NotFoundException($"There is no object with baseHash {write.SeriesHash} in partition {write.PartitionHash}.");
        }

        // The current hash is not named: a user who may WRITE but not READ would learn of a version they cannot read.
        if (head.CurrentHash != write.PrevHash)
        {
            throw new VersionConflictException($"prevHash {write.PrevHash} is not the current version of {write.SeriesHash}.");
        }

        // A DeletedApplicationObject has no threadId in the model, and Symphony's clients send none.
        if (write.Kind == ObjectKind.Stored && !string.Equals(head.ThreadId, write.ThreadId, StringComparison.Ordinal))
        {
            throw new InvalidInputException("The object's threadId cannot change between versions.");
        }

        if (write.PrevSortKey is { } prevSortKey && !string.Equals(prevSortKey, head.SortKey, StringComparison.Ordinal))
        {
            throw new InvalidInputException($"prevSortKey '{prevSortKey}' is not the sort key of the current version ('{head.SortKey}').");
        }

        return head;
    }

    private void MoveHead(PreparedWrite write, SeriesHead head)
    {
        if (head.Kind == ObjectKind.Stored)
        {
            ReleaseSortKey(new SortKeySlot(head.PartitionHash, head.SortKey), write.SeriesHash);
        }

        if (write.Kind == ObjectKind.Stored)
        {
            TakeSortKey(write);
        }

        Set(_heads, write.SeriesHash, head with
        {
            CurrentHash = write.AbsoluteHash, SortKey = write.SortKey, Kind = write.Kind, PurgeAt = write.PurgeDate?.ToUnixTimeMilliseconds(),
        });
    }

    private void TakeSortKey(PreparedWrite write)
    {
        var slot = new SortKeySlot(write.PartitionHash, write.SortKey);
        if (_holders.GetValueOrDefault(slot) is not null)
        {
            throw new DuplicateSortKeyException($"Another current object in partition {write.PartitionHash} has the sort key '{write.SortKey}'.");
        }

        Set(_holders, slot, new SortKeyHolder(write.SeriesHash, write.AbsoluteHash));
    }

    private void ReleaseSortKey(SortKeySlot slot, Hash baseHash)
    {
        if (_holders.GetValueOrDefault(slot) is { } holder && holder.BaseHash == baseHash)
        {
            Set(_holders, slot, null);
        }
    }

    private void RemoveSeries(Hash baseHash, SeriesHead head)
    {
        ReleaseSortKey(new SortKeySlot(head.PartitionHash, head.SortKey), baseHash);
        foreach (var version in _objects.Values.OfType<StoredObject>().Where(stored => stored.BaseHash == baseHash).ToList())
        {
            Set(_objects, version.AbsoluteHash, null);
        }

        if (_removedSeries.Add(baseHash))
        {
            _undo.Push(() => _removedSeries.Remove(baseHash));
        }

        Set(_heads, baseHash, null);
    }

    private long AppendLog(
        Hash partitionHash, Hash absoluteHash, Hash baseHash, string sortKey, ObjectKind kind, byte[]? tombstone, string? previousSortKey, string createdKey)
    {
        var sequence = _nextSequences[partitionHash];
        _nextSequences[partitionHash] = sequence + 1;
        _log.Add(new LogRow(partitionHash, sequence, absoluteHash, baseHash, sortKey, kind, tombstone, previousSortKey, createdKey));
        _undo.Push(() =>
        {
            _nextSequences[partitionHash] = sequence;
            _log.RemoveAt(_log.Count - 1);
        });
        return sequence;
    }

    /// <summary>Sets a value and remembers the one it replaced (or that there was none), for a failing unit's undo.</summary>
    private void Set<TKey, TValue>(Dictionary<TKey, TValue?> values, TKey key, TValue? value) where TKey : notnull where TValue : class
    {
        _undo.Push(values.TryGetValue(key, out var before) ? () => values[key] = before : () => values.Remove(key));
        values[key] = value;
    }

    /// <summary>The keys whose value is not the one read from the database (or that the database did not have).</summary>
    private static IEnumerable<TKey> Changed<TKey, TValue>(Dictionary<TKey, TValue?> now, IReadOnlyDictionary<TKey, TValue> before)
        where TKey : notnull where TValue : class =>
        now.Where(pair => before.TryGetValue(pair.Key, out var was) ? !ReferenceEquals(was, pair.Value) : pair.Value is not null).Select(pair => pair.Key);

    private static StoredObject ToStoredObject(PreparedWrite write, long sequence) =>
        new(write.AbsoluteHash, write.SeriesHash, write.PartitionHash, write.SortKey, write.Kind, sequence, write.Canonical);
}
