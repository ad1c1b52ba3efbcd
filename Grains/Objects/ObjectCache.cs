using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;

namespace ObjectStore.Objects;

/// <summary>
/// The versions this silo read by absolute hash, kept within <see cref="ReadOptions.CacheBytes"/> and dropped least
/// recently used first. Their bytes never change, but a physical delete or a purge removes them, so an entry is only a
/// candidate: <see cref="ObjectStoreGrain"/> serves it after the series' version grain confirms it is still stored.
/// </summary>
public sealed class ObjectCache(IOptions<ReadOptions> options)
{
    /// <summary>What an entry costs besides its bytes: the record, its hashes, the index and the recency list node.</summary>
    public const int EntryOverheadBytes = 512;

    private readonly long _budget = options.Value.CacheBytes;
    private readonly Lock _lock = new();
    private readonly Dictionary<Hash, LinkedListNode<StoredObject>> _entries = [];
    private readonly LinkedList<StoredObject> _recency = new();
    private long _bytes;

    /// <summary>What the entries held now cost, never more than the budget.</summary>
    public long Bytes
    {
        get
        {
            lock (_lock)
            {
                return _bytes;
            }
        }
    }

    public static long CostOf(StoredObject stored) => stored.Canonical.Length + (stored.SortKey.Length * sizeof(char)) + EntryOverheadBytes;

    public bool TryGet(Hash absoluteHash, [NotNullWhen(true)] out StoredObject? stored)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(absoluteHash, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                stored = node.Value;
                return true;
            }
        }

        stored = null;
        return false;
    }

    /// <summary>Keeps <paramref name="stored"/>, dropping the least recently used entries to make room; one larger than the whole budget is not kept.</summary>
    public void Add(StoredObject stored)
    {
        var cost = CostOf(stored);
        if (cost > _budget)
        {
            return;
        }

        lock (_lock)
        {
            RemoveEntry(stored.AbsoluteHash);
            while (_bytes + cost > _budget && _recency.Last is { } oldest)
            {
                RemoveEntry(oldest.Value.AbsoluteHash);
            }

            _entries[stored.AbsoluteHash] = _recency.AddFirst(stored);
            _bytes += cost;
        }
    }

    public void Remove(Hash absoluteHash)
    {
        lock (_lock)
        {
            RemoveEntry(absoluteHash);
        }
    }

    private void RemoveEntry(Hash absoluteHash)
    {
        if (_entries.Remove(absoluteHash, out var node))
        {
            _recency.Remove(node);
            _bytes -= CostOf(node.Value);
        }
    }
}
